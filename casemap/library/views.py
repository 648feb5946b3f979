"""Good-practice library pages: the published examples for every member of staff; nominating an example from a
map, a safety plan or a booklet page; taking in a worker's appreciative inquiry; the nomination with the worker's
answer, the checker's changes and their decision."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from casemap.accounts.models import User
from casemap.core.forms import StaleEditError, VersionForm, show_refusal
from casemap.library.forms import (
    AGREES,
    AnswerForm,
    DraftForm,
    NominateForm,
    SendBackForm,
    TakeInquiryForm,
    split_tags,
)
from casemap.library.models import LibraryTool, Nomination, NominationStatus
from casemap.library.selectors import (
    get_inquiry_to_take,
    get_nomination_for_user,
    get_published_example,
    inquiries_to_take,
    is_library_curator,
    library_waiting,
    may_check,
    may_edit,
    published_examples,
    visible_nominations,
)
from casemap.library.services import (
    TOOLS_FOR,
    SectionText,
    draft_change,
    example_read_log,
    inquiry_take,
    may_nominate_record,
    nomination_answer,
    nomination_create,
    nomination_publish,
    nomination_resubmit,
    nomination_send_back,
)
from casemap.library.sources import Source
from casemap.mapping.selectors import get_map_for_user
from casemap.safety.selectors.plans import get_plan_for_user
from casemap.words.selectors import get_booklet_for_user

REFUSED = (ValidationError, PermissionDenied, StaleEditError)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# ---- reading the library -------------------------------------------------------------------------------------------


def library_index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    tool = request.GET.get("tool", "")
    tool = tool if tool in LibraryTool.values else ""
    context = {
        "examples": published_examples(tool=tool),
        "tools": LibraryTool.choices,
        "tool": tool,
        "tool_label": dict(LibraryTool.choices).get(tool, ""),
        "curator": is_library_curator(user),
        "waiting": library_waiting(user),
    }
    return render(request, "library/index.html", context)


def example_detail(request: HttpRequest, example_id: int) -> HttpResponse:
    user = _user(request)
    example = get_published_example(example_id)
    example_read_log(user=user, example=example, request=request)
    return render(request, "library/example.html", {"example": example, "sections": list(example.sections.all())})


# ---- nominating ----------------------------------------------------------------------------------------------------


def _nominate_page(request: HttpRequest, source: Source, kind: str, back_url: str) -> HttpResponse:
    user = _user(request)
    if not may_nominate_record(user, source):
        raise Http404("You cannot nominate this record")
    tools = sorted(TOOLS_FOR[type(source)], key=LibraryTool.values.index)
    form = NominateForm(request.POST if request.method == "POST" else None, tools=tools)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = nomination_create(
                acting_user=user,
                source=source,  # type: ignore[arg-type]
                tool=form.cleaned_data["tool"],
                why_good_practice=form.cleaned_data["why_good_practice"],
                tags=split_tags(form.cleaned_data["tags"]),
                request=request,
            )
        except REFUSED as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Nominated. The worker is asked to agree before anyone checks it.")
            return HttpResponseRedirect(reverse("library:nomination", args=[nomination.pk]))
    context = {
        "form": form,
        "kind": kind,
        "back_url": back_url,
    }
    return render(request, "library/nominate.html", context)


def nominate_map(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = get_map_for_user(_user(request), map_id)
    return _nominate_page(request, map_, f"map {map_.number}", reverse("mapping:map", args=[map_.pk]))


def nominate_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(_user(request), plan_id)
    return _nominate_page(request, plan, f"safety plan {plan.number}", reverse("safety:plan", args=[plan.pk]))


def nominate_booklet(request: HttpRequest, booklet_id: int) -> HttpResponse:
    booklet = get_booklet_for_user(_user(request), booklet_id)
    kind = f"Words and Pictures booklet, version {booklet.number}"
    return _nominate_page(request, booklet, kind, reverse("words:booklet", args=[booklet.pk]))


def inquiry_take_view(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    user = _user(request)
    inquiry = get_inquiry_to_take(user, inquiry_id)
    form = TakeInquiryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = inquiry_take(
                acting_user=user,
                inquiry=inquiry,
                why_good_practice=form.cleaned_data["why_good_practice"],
                tags=split_tags(form.cleaned_data["tags"]),
                request=request,
            )
        except REFUSED as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Taken into the library. A second person now checks the anonymised draft.")
            return HttpResponseRedirect(reverse("library:nomination", args=[nomination.pk]))
    return render(request, "library/take_inquiry.html", {"form": form, "inquiry": inquiry})


# ---- a nomination and its draft ------------------------------------------------------------------------------------


def nominations(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "waiting": library_waiting(user),
        "mine": visible_nominations(user).filter(nominated_by=user).select_related("example"),
        "inquiries": inquiries_to_take(user).select_related("worker"),
        "curator": is_library_curator(user),
    }
    return render(request, "library/nominations.html", context)


def _nomination_page(
    request: HttpRequest,
    nomination: Nomination,
    *,
    answer_form: AnswerForm | None = None,
    publish_form: VersionForm | None = None,
    send_back_form: SendBackForm | None = None,
    resubmit_form: VersionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    shown = {"version": nomination.version}
    is_worker = nomination.worker_id == user.pk
    waiting_answer = nomination.status == NominationStatus.AWAITING_CONSENT
    checking = nomination.status == NominationStatus.AWAITING_CHECK and may_check(user, nomination)
    sent_back = nomination.status == NominationStatus.SENT_BACK and nomination.nominated_by_id == user.pk
    refused = next((form for form in (answer_form, publish_form, send_back_form, resubmit_form) if form), None)
    context = {
        "refused_form": refused if refused is not None and refused.errors else None,
        "nomination": nomination,
        "example": nomination.example,
        "sections": list(nomination.example.sections.all()),
        "is_worker": is_worker,
        "answer_form": (answer_form or AnswerForm(initial=shown)) if is_worker and waiting_answer else None,
        "publish_form": (publish_form or VersionForm(initial=shown)) if checking else None,
        "send_back_form": (send_back_form or SendBackForm(initial=shown)) if checking else None,
        "resubmit_form": (resubmit_form or VersionForm(initial=shown)) if sent_back else None,
        "may_edit": may_edit(user, nomination),
        "source_label": _source_label(user, nomination),
    }
    return render(request, "library/nomination.html", context, status=status)


def _source_label(user: User, nomination: Nomination) -> str:
    """Where the nomination came from, for the people who may see that record: the nominator and the worker."""
    if user.pk not in {nomination.nominated_by_id, nomination.worker_id}:
        return ""
    return f"{nomination.get_tool_display()}, {nomination.source}"


def nomination_detail(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = get_nomination_for_user(_user(request), nomination_id)
    example_read_log(user=_user(request), example=nomination.example, request=request)
    return _nomination_page(request, nomination)


def nomination_answer_view(request: HttpRequest, nomination_id: int) -> HttpResponse:
    user = _user(request)
    nomination = get_nomination_for_user(user, nomination_id)
    if request.method != "POST":
        return _nomination_page(request, nomination)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            nomination_answer(
                acting_user=user,
                nomination=nomination,
                agrees=form.cleaned_data["answer"] == AGREES,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except REFUSED as error:
            show_refusal(form, error)
        else:
            agreed = form.cleaned_data["answer"] == AGREES
            messages.success(request, "Thank you: you agreed. A second person now checks it." if agreed else
                             "Thank you: it will not be shared.")  # fmt: skip
            return HttpResponseRedirect(reverse("library:nomination", args=[nomination.pk]))
    return _nomination_page(request, nomination, answer_form=form)


def draft_edit(request: HttpRequest, nomination_id: int) -> HttpResponse:
    user = _user(request)
    nomination = get_nomination_for_user(user, nomination_id)
    if not may_edit(user, nomination):
        raise Http404("You cannot change this draft")
    example = nomination.example
    sections = list(example.sections.all())
    if request.method == "POST":
        form = DraftForm(request.POST, sections=sections)
    else:
        initial = {
            "version": nomination.version,
            "title": example.title,
            "why_good_practice": example.why_good_practice,
            "tags": ", ".join(example.tags),
        }
        form = DraftForm(initial=initial, sections=sections)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            draft_change(
                acting_user=user,
                nomination=nomination,
                title=cleaned["title"],
                why_good_practice=cleaned["why_good_practice"],
                tags=split_tags(cleaned["tags"]),
                sections=[SectionText(pk, cleaned[f"heading_{pk}"], cleaned[f"text_{pk}"]) for pk in form.section_ids],
                expected_version=cleaned["version"],
                request=request,
            )
        except REFUSED as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Your changes to the draft are saved.")
            return HttpResponseRedirect(reverse("library:nomination", args=[nomination.pk]))
    context = {"form": form, "nomination": nomination, "back_url": reverse("library:nomination", args=[nomination.pk])}
    return render(request, "library/draft_edit.html", context)


def nomination_publish_view(request: HttpRequest, nomination_id: int) -> HttpResponse:
    user = _user(request)
    nomination = get_nomination_for_user(user, nomination_id)
    if request.method != "POST":
        return _nomination_page(request, nomination)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            example = nomination_publish(
                acting_user=user, nomination=nomination, expected_version=form.cleaned_data["version"], request=request
            )
        except REFUSED as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Published. Every member of staff can now read it.")
            return HttpResponseRedirect(reverse("library:example", args=[example.pk]))
    return _nomination_page(request, nomination, publish_form=form)


def nomination_send_back_view(request: HttpRequest, nomination_id: int) -> HttpResponse:
    user = _user(request)
    nomination = get_nomination_for_user(user, nomination_id)
    if request.method != "POST":
        return _nomination_page(request, nomination)
    form = SendBackForm(request.POST)
    if form.is_valid():
        try:
            nomination_send_back(
                acting_user=user,
                nomination=nomination,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except REFUSED as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Sent back to the person who nominated it, with what needs to change.")
            return HttpResponseRedirect(reverse("library:nomination", args=[nomination.pk]))
    return _nomination_page(request, nomination, send_back_form=form)


def nomination_resubmit_view(request: HttpRequest, nomination_id: int) -> HttpResponse:
    user = _user(request)
    nomination = get_nomination_for_user(user, nomination_id)
    if request.method != "POST":
        return _nomination_page(request, nomination)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            nomination_resubmit(
                acting_user=user, nomination=nomination, expected_version=form.cleaned_data["version"], request=request
            )
        except REFUSED as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Sent to be checked again.")
            return HttpResponseRedirect(reverse("library:nomination", args=[nomination.pk]))
    return _nomination_page(request, nomination, resubmit_form=form)

"""Safety plan pages. Each view finds the plan through the selectors (404 for anyone who may not see the case),
calls one service, and renders. The services decide who may change what, through the write guard; the pages ask
the policy only to decide which forms to offer. A refused change shows the plan again with the form as the user
filled it, and a stale save says who changed the plan, keeps what was typed and carries the current version."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from casemap.access.models import AccessAction
from casemap.access.policy import can_add_to_case, get_case_for_user
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.known_people import known_people
from casemap.cases.models import Case
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import LONG_TEXT, OUT_OF_DATE_MESSAGE, posted_version, show_refusal
from casemap.handoffs.views import ask_for_sign_off, decide_sign_off
from casemap.mapping.selectors import case_danger_pairs
from casemap.safety.document import document_readability, rows_with_hints, text_hints
from casemap.safety.forms.plans import (
    BottomLineForm,
    ContactForm,
    MonitoringForm,
    NewVersionForm,
    PlanDetailsForm,
    PlanStartForm,
    RuleForm,
    SignOffForm,
    TriggerForm,
)
from casemap.safety.models import BottomLine, PlanContact, PlanStatus, PlanTrigger, SafetyPlan, SafetyPlanRule
from casemap.safety.selectors import case_family
from casemap.safety.selectors.plans import (
    PlanPeople,
    case_plans,
    draft_plan,
    get_plan_for_user,
    offers_plan_changes,
    phone_on_record,
    plan_flags,
    plan_monitoring,
    plan_people,
)
from casemap.safety.services import plans as services
from casemap.safety.snapshot import plan_compare, plan_data
from casemap.safety.views.common import REFUSALS, refusal_text
from casemap.voice.models import ChildVoiceRecord
from casemap.words.models import WordsAndPicturesBooklet


def request_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def plan_not_found() -> NoReturn:
    raise Http404("No safety plan found")


def plan_url(plan: SafetyPlan, anchor: str = "") -> str:
    return reverse("safety:plan", args=[plan.pk]) + (f"#{anchor}" if anchor else "")


def log_view(
    request: HttpRequest, case: Case, record_type: str, record_id: int, action: str = AccessAction.VIEW
) -> None:
    children, _adults = case_family(case=case)
    access_log_append_each(
        user=request_user(request),
        action=AccessAction(action),
        record_type=record_type,
        record_id=record_id,
        people=children or [None],
        request=request,
    )


def plan_for_form(request: HttpRequest, plan_id: int) -> SafetyPlan:
    """The plan, if the user may see it. Its forms are shown only while the page offers them (a draft the policy
    lets this user add to); a post goes to the service, which decides."""
    plan = get_plan_for_user(request_user(request), plan_id)
    if request.method != "POST" and not offers_plan_changes(request_user(request), plan):
        plan_not_found()
    return plan


def words_booklets(case: Case) -> Any:
    return WordsAndPicturesBooklet.objects.filter(case=case, archived_at__isnull=True).order_by("-number")


def safety_houses(case: Case) -> Any:
    return (
        ChildVoiceRecord.objects.filter(case=case, tool__key=services.SAFETY_HOUSE_TOOL, archived_at__isnull=True)
        .select_related("child")
        .order_by("-used_on")
    )


@dataclass(frozen=True)
class Section:
    """One list on the plan: rules, triggers, who to call, bottom lines. They are added, changed and removed
    the same way, so one set of views serves them all. `fields` are what the form gives the service, `written`
    what the family will read (for the coach), and `initial` a saved row as its form shows it."""

    key: str
    model: type[models.Model]
    form: type[Any]
    noun: str
    asks_who: bool
    save: Callable[..., Any]
    fields: tuple[str, ...]
    row_arg: str
    written: tuple[str, ...]
    initial: Callable[[Any], dict[str, Any]]


SECTIONS = {
    "rules": Section(
        "rules",
        SafetyPlanRule,
        RuleForm,
        "rule",
        True,
        services.rule_save,
        ("wording", "responsible_member", "responsible_name", "checker_member", "checker_name"),
        "rule",
        ("wording",),
        lambda row: {"wording": row.wording, "responsible": row.responsible, "checker": row.checker},
    ),
    "triggers": Section(
        "triggers",
        PlanTrigger,
        TriggerForm,
        "trigger",
        False,
        services.trigger_save,
        ("warning_sign", "what_to_do"),
        "trigger",
        ("warning_sign", "what_to_do"),
        lambda row: {"warning_sign": row.warning_sign, "what_to_do": row.what_to_do},
    ),
    "contacts": Section(
        "contacts",
        PlanContact,
        ContactForm,
        "person to call",
        True,
        services.contact_save,
        ("member", "name", "phone", "when_to_call"),
        "contact",
        ("when_to_call",),
        lambda row: {"who": row.display_name, "phone": row.phone, "when_to_call": row.when_to_call},
    ),
    "bottom-lines": Section(
        "bottom-lines",
        BottomLine,
        BottomLineForm,
        "bottom line",
        False,
        services.bottom_line_save,
        ("text",),
        "bottom_line",
        ("text",),
        lambda row: {"text": row.text},
    ),
}


def section_or_404(key: str) -> Section:
    section = SECTIONS.get(key)
    if section is None:
        plan_not_found()
    return section


def section_form(
    request: HttpRequest,
    section: Section,
    plan: SafetyPlan,
    data: Any = None,
    initial: Any = None,
    people: PlanPeople | None = None,
) -> Any:
    """A section's form; those that ask who offer the people on the case's record (`people`, read once a page)."""
    kwargs: dict[str, Any] = {"prefix": section.key, "initial": initial or {}, "record": plan}
    if section.asks_who:
        kwargs["people"] = people or plan_people(case=plan.case, user=request_user(request))
    if section.form is ContactForm:
        kwargs["phone_on_record"] = lambda key: phone_on_record(case=plan.case, key=key)
    return section.form(data, **kwargs)


def plan_context(request: HttpRequest, plan: SafetyPlan, **forms: Any) -> dict[str, Any]:
    user = request_user(request)
    data = plan_data(plan)
    can_add = can_add_to_case(user, plan.case)
    editable = plan.is_draft and can_add
    other_draft = draft_plan(case=plan.case)
    # What the plan answers is read from the case's map each time, never copied into the plan; showing its words
    # is a view of the map.
    answers = case_danger_pairs(user=user, case=plan.case)
    if answers is not None:
        log_view(request, plan.case, "map", answers.map_id)
    context: dict[str, Any] = {
        "plan": plan,
        "data": data,
        "case": plan.case,
        "answers": answers,
        "editable": editable,
        "draft_plan": other_draft if other_draft and other_draft.pk != plan.pk else None,
        "readability": document_readability(data),
        "rows": rows_with_hints(data),
    }
    people = plan_people(case=plan.case, user=user) if editable else None
    if plan.is_draft:
        context["flags"] = plan_flags(plan=plan, data=data, network=people.network if people else None)
    if editable:
        context["details_form"] = forms.get("details_form") or PlanDetailsForm(
            initial={
                "kind": plan.kind,
                "review_on": plan.review_on,
                "childrens_version": plan.childrens_version,
                "safety_house": plan.safety_house_id,
                "words_booklet": plan.words_booklet_id,
            },
            safety_houses=safety_houses(plan.case),
            words_booklets=words_booklets(plan.case),
            prefix="details",
            record=plan,
        )
        context["section_forms"] = {
            key.replace("-", "_"): forms.get(key) or section_form(request, section, plan, people=people)
            for key, section in SECTIONS.items()
        }
    else:
        context["monitoring"] = plan_monitoring(plan=plan)
        if forms.get("monitoring_form"):
            context["monitoring_form"] = forms["monitoring_form"]
        if plan.status == PlanStatus.SIGNED_OFF and can_add:
            context["monitoring_form"] = forms.get("monitoring_form") or MonitoringForm(
                prefix="monitoring", people=known_people(case=plan.case, user=user)
            )
            if other_draft is None:
                context["new_version_form"] = forms.get("new_version_form") or NewVersionForm(
                    initial={"kind": plan.kind}, prefix="new"
                )
    return context


def render_plan(request: HttpRequest, plan: SafetyPlan, status: int = 200, **forms: Any) -> HttpResponse:
    return render(request, "safety/plan.html", plan_context(request, plan, **forms), status=status)


def plans(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request_user(request)
    case = get_case_for_user(user, case_id)
    log_view(request, case, "safety_plans", case.pk)
    listed = case_plans(case=case)
    return render(
        request,
        "safety/plans.html",
        {
            "case": case,
            "plans": listed,
            "can_start": can_add_to_case(user, case) and not any(p.is_draft for p in listed),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request_user(request)
    case = get_case_for_user(user, case_id)
    if not can_add_to_case(user, case):
        plan_not_found()
    form = PlanStartForm(request.POST or restore_kept_draft(request))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_start(acting_user=user, case=case, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Safety plan {plan.number} started")
            return HttpResponseRedirect(plan_url(plan))
    status = 400 if request.method == "POST" else 200
    return render(request, "safety/plan_new.html", {"form": form, "case": case}, status=status)


def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request_user(request), plan_id)
    log_view(request, plan.case, services.RECORD_TYPE, plan.pk)
    return render_plan(request, plan)


def posted_or_kept(request: HttpRequest) -> Any:
    """The posted form, or, after an idle time-out, what the user had typed (see casemap/core/drafts.py)."""
    return request.POST if request.method == "POST" else restore_kept_draft(request)


def show_kept(request: HttpRequest, form: Any, render_page: Callable[..., HttpResponse]) -> HttpResponse:
    messages.info(request, "You were signed out while writing. What you typed is shown below: check it and save.")
    form.is_valid()
    return render_page()


def _apply(
    request: HttpRequest,
    plan: SafetyPlan,
    form: Any,
    form_name: str,
    change: Callable[[dict[str, Any]], Any],
    anchor: str,
) -> HttpResponse:
    """Run one change to a draft; on a refusal show the plan again with the form as the user filled it, or, if the
    plan no longer offers that form (signed off meanwhile), the plan with the refusal in words."""
    if request.method == "GET":
        return show_kept(request, form, lambda: render_plan(request, plan, **{form_name: form}))
    if form.is_valid():
        try:
            change(form.cleaned_data)
        except REFUSALS as error:
            plan.refresh_from_db()
            if not offers_plan_changes(request_user(request), plan):
                messages.error(request, refusal_text(error))
                return HttpResponseRedirect(plan_url(plan))
            show_refusal(form, error)
        else:
            return HttpResponseRedirect(plan_url(plan, anchor))
    plan.refresh_from_db()
    return render_plan(request, plan, status=400, **{form_name: form})


@require_http_methods(["GET", "POST"])
def details_save(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for_form(request, plan_id)
    kept = posted_or_kept(request)
    if kept is None:
        return HttpResponseRedirect(plan_url(plan))
    form = PlanDetailsForm(
        kept,
        safety_houses=safety_houses(plan.case),
        words_booklets=words_booklets(plan.case),
        prefix="details",
        record=plan,
    )
    return _apply(
        request,
        plan,
        form,
        "details_form",
        lambda data: services.plan_update_details(
            acting_user=request_user(request),
            plan=plan,
            expected_version=data["version"],
            kind=data["kind"],
            review_on=data["review_on"],
            childrens_version=data["childrens_version"],
            safety_house=data["safety_house"],
            words_booklet=data["words_booklet"],
            request=request,
        ),
        "details",
    )


def _save_row(request: HttpRequest, plan: SafetyPlan, section: Section, data: dict[str, Any], row: Any) -> Any:
    return section.save(
        acting_user=request_user(request),
        plan=plan,
        expected_version=data["version"],
        request=request,
        **{name: data[name] for name in section.fields},
        **{section.row_arg: row},
    )


@require_http_methods(["GET", "POST"])
def section_add(request: HttpRequest, plan_id: int, section_key: str) -> HttpResponse:
    section = section_or_404(section_key)
    plan = plan_for_form(request, plan_id)
    kept = posted_or_kept(request)
    if kept is None:
        return HttpResponseRedirect(plan_url(plan, section.key))
    form = section_form(request, section, plan, kept)
    return _apply(
        request, plan, form, section.key, lambda data: _save_row(request, plan, section, data, None), section.key
    )


@require_http_methods(["GET", "POST"])
def section_change(request: HttpRequest, plan_id: int, section_key: str, row_id: int) -> HttpResponse:
    """One row on its own page, to change it."""
    section = section_or_404(section_key)
    plan = plan_for_form(request, plan_id)
    row = section.model._default_manager.filter(plan=plan, pk=row_id).first() or plan_not_found()
    initial = section.initial(row)
    if request.method == "GET":
        log_view(request, plan.case, services.RECORD_TYPE, plan.pk)
    form = section_form(request, section, plan, request.POST or restore_kept_draft(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _save_row(request, plan, section, form.cleaned_data, row)
        except REFUSALS as error:
            plan.refresh_from_db()
            if not offers_plan_changes(request_user(request), plan):
                messages.error(request, refusal_text(error))
                return HttpResponseRedirect(plan_url(plan))
            show_refusal(form, error)
        else:
            messages.success(request, f"The {section.noun} has been saved")
            return HttpResponseRedirect(plan_url(plan, section.key))
    status = 400 if request.method == "POST" else 200
    text = coach_text(section, form.data) if form.is_bound else coach_text(section, initial, prefix=False)
    return render(
        request,
        "safety/plan_row_form.html",
        {"form": form, "plan": plan, "section": section, **coached(text)},
        status=status,
    )


@require_POST
def coach(request: HttpRequest, plan_id: int, section_key: str) -> HttpResponse:
    """htmx: the coach's hints on what is being typed in a section's form. Hints never stop a save."""
    section = section_or_404(section_key)
    plan = get_plan_for_user(request_user(request), plan_id)
    if not offers_plan_changes(request_user(request), plan):
        plan_not_found()
    text = coach_text(section, request.POST)[:LONG_TEXT]  # no more than a save would keep
    return render(request, "safety/_plan_coach.html", {"section": section, "plan": plan, **coached(text)})


def coach_text(section: Section, values: Any, prefix: bool = True) -> str:
    """What the family will read from a section's form: its written fields, not who is named or the version."""
    start = f"{section.key}-" if prefix else ""
    return "\n".join(str(values.get(f"{start}{name}") or "") for name in section.written).strip()


def coached(text: str) -> dict[str, Any]:
    from casemap.core import plain_language

    return {
        "hints": text_hints(text) if text else (),
        "readability": plain_language.readability(text) if text else None,
    }


@require_POST
def section_remove(request: HttpRequest, plan_id: int, section_key: str, row_id: int) -> HttpResponse:
    section = section_or_404(section_key)
    plan = plan_for_form(request, plan_id)
    row = section.model._default_manager.filter(plan=plan, pk=row_id).first() or plan_not_found()
    version = posted_version(request.POST)
    if version is None:
        messages.error(request, OUT_OF_DATE_MESSAGE)
        return HttpResponseRedirect(plan_url(plan, section.key))
    try:
        services.section_remove(
            acting_user=request_user(request),
            plan=plan,
            expected_version=version,
            row=row,  # type: ignore[arg-type]
            request=request,
        )
    except REFUSALS as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, f"The {section.noun} has been removed")
    return HttpResponseRedirect(plan_url(plan, section.key))


@require_http_methods(["GET", "POST"])
def ask_sign_off(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The worker asks the managers in the team's line to sign the draft off (casemap/handoffs)."""
    return ask_for_sign_off(request, get_plan_for_user(request_user(request), plan_id))


@require_http_methods(["GET", "POST"])
def sign_off(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The manager's page: the plan's problems and warnings, then sign it off or return it, with reasons."""
    user = request_user(request)
    plan = get_plan_for_user(user, plan_id)

    def checked() -> dict[str, Any]:
        data = plan_data(plan)
        return {"plan": plan, "data": data, "flags": plan_flags(plan=plan, data=data)}

    def page() -> dict[str, Any]:
        shown = checked()
        refused = request.method == "POST" and "sign_off" in request.POST
        return {**shown, "readability": document_readability(shown["data"]), "sign_off_refused": refused}

    return decide_sign_off(
        request,
        plan,
        form_class=SignOffForm,
        template="safety/plan_sign_off.html",
        context=page,
        can_sign_off=lambda: not checked()["flags"].problems,
        sign_off=lambda version, reasons, data: services.plan_sign_off(
            acting_user=user,
            plan=plan,
            expected_version=version,
            warnings_confirmed=data["warnings_confirmed"],
            reasons=reasons,
            request=request,
        ),
    )


@require_POST
def new_version(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = request_user(request)
    plan = get_plan_for_user(user, plan_id)
    form = NewVersionForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            new = services.plan_new_version(
                acting_user=user, plan=plan, kind=form.cleaned_data["kind"], request=request
            )
        except PermissionDenied as error:
            messages.error(request, refusal_text(error))
            return HttpResponseRedirect(plan_url(plan))
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Safety plan {new.number} started from plan {plan.number}")
            return HttpResponseRedirect(plan_url(new))
    return render_plan(request, plan, status=400, new_version_form=form)


@require_http_methods(["GET", "POST"])
def monitoring_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = request_user(request)
    plan = get_plan_for_user(user, plan_id)
    if request.method != "POST" and not can_add_to_case(user, plan.case):
        plan_not_found()
    kept = posted_or_kept(request)
    if kept is None:
        return HttpResponseRedirect(plan_url(plan, "monitoring"))
    form = MonitoringForm(kept, prefix="monitoring", people=known_people(case=plan.case, user=user))
    if request.method == "GET":
        return show_kept(request, form, lambda: render_plan(request, plan, monitoring_form=form))
    if form.is_valid():
        try:
            services.monitoring_add(acting_user=user, plan=plan, request=request, **form.cleaned_data)
        except PermissionDenied as error:
            messages.error(request, refusal_text(error))
            return HttpResponseRedirect(plan_url(plan))
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Added to the monitoring log")
            return HttpResponseRedirect(plan_url(plan, "monitoring"))
    return render_plan(request, plan, status=400, monitoring_form=form)


def compare(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A version beside the one it was started from: what was added, taken out and kept."""
    plan = get_plan_for_user(request_user(request), plan_id)
    if plan.previous_id is None:
        plan_not_found()
    previous = get_plan_for_user(request_user(request), plan.previous_id)
    log_view(request, plan.case, services.RECORD_TYPE, plan.pk)
    return render(
        request,
        "safety/plan_compare.html",
        {"plan": plan, "previous": previous, "comparison": plan_compare(plan_data(previous), plan_data(plan))},
    )


def document_check(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Before sharing: the reading age of what the family will read, and the coach's hints on each part."""
    plan = get_plan_for_user(request_user(request), plan_id)
    data = plan_data(plan)
    log_view(request, plan.case, services.RECORD_TYPE, plan.pk)
    return render(
        request,
        "safety/plan_document_check.html",
        {"plan": plan, "data": data, "readability": document_readability(data), "rows": rows_with_hints(data)},
    )


def plan_print(request: HttpRequest, plan_id: int) -> HttpResponse:
    from casemap.safety.document import plan_document_html

    plan = get_plan_for_user(request_user(request), plan_id)
    log_view(request, plan.case, services.RECORD_TYPE, plan.pk, AccessAction.PRINT)
    return HttpResponse(plan_document_html(plan))


def plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    from casemap.safety.document import plan_document_pdf

    plan = get_plan_for_user(request_user(request), plan_id)
    pdf = plan_document_pdf(plan)
    children, _adults = case_family(case=plan.case)
    access_log_append_each(
        user=request_user(request),
        action=AccessAction.EXPORT,
        record_type=services.RECORD_TYPE,
        record_id=plan.pk,
        detail=f"PDF version {plan.version}",
        people=children or [None],
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="safety-plan-{plan.case_id}-{plan.number}-v{plan.version}.pdf"'
    )
    return response

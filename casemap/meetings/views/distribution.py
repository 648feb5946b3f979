"""A held meeting's decision letter and full record: drafting and amending them, each recipient's copy as a PDF,
preparing a copy, the second person's check and release, a copy sent in error and the breach it opens, clearing a
restricted report for the family, and marking an address confidential. Every page is reached through the meeting,
so anyone who may not see the case gets "not found"."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse

from casemap.access.models import AccessAction
from casemap.access.policy import can_add_to_case, can_manage_case, managed_cases, managed_team_ids
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.core.forms import StaleEditError, show_refusal
from casemap.meetings.documents import (
    address_block,
    copy_pdf,
    distribution_pdf,
    has_protected_address,
    recipient_copies,
    recipient_copy,
)
from casemap.meetings.forms_distribution import (
    AddressConfidentialForm,
    AmendDocumentForm,
    ClearReportForm,
    CloseBreachForm,
    DraftDocumentForm,
    PrepareCopyForm,
    ReleaseCopyForm,
    SentInErrorForm,
)
from casemap.meetings.models import (
    AgencyReport,
    BreachStatus,
    ConferenceDocument,
    DisclosureBreach,
    Distribution,
    DocumentKind,
    Invitee,
    Meeting,
    MeetingStatus,
)
from casemap.meetings.services.distribution import (
    disclosure_breach_close,
    distribution_prepare,
    distribution_release,
    distribution_sent_in_error,
    document_amend,
    document_draft,
    needs_address_check,
    person_address_confidential_set,
    report_clear_for_family,
)
from casemap.meetings.views.meeting import get_meeting_for_user, log_meeting_view, meeting_children

COPY_RECORD = "conference document copy"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _documents_url(meeting: Meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk]) + "#documents"


def _held_meeting_to_change(user: User, meeting_id: int) -> Meeting:
    """The meeting, if this user may see it, may add to its case, and it was held; otherwise not found."""
    meeting = get_meeting_for_user(user, meeting_id)
    if not can_add_to_case(user, meeting.case) or meeting.status != MeetingStatus.HELD:
        raise Http404("No meeting found")
    return meeting


def _document_of(meeting: Meeting, document_id: int) -> ConferenceDocument:
    document = (
        ConferenceDocument.objects.filter(meeting=meeting, pk=document_id)
        .select_related("author", "amended_after_comment_from")
        .first()
    )
    if document is None:
        raise Http404("No document found")
    document.meeting = meeting
    return document


def _invitee_of(meeting: Meeting, invitee_id: int) -> Invitee:
    invitee = Invitee.objects.filter(meeting=meeting, pk=invitee_id, archived_at__isnull=True).first()
    if invitee is None:
        raise Http404("No invitee found")
    return invitee


def _distribution_of(meeting: Meeting, distribution_id: int) -> Distribution:
    distribution = (
        Distribution.objects.filter(document__meeting=meeting, pk=distribution_id)
        .select_related("document", "recipient", "recipient__person", "created_by", "released_by")
        .first()
    )
    if distribution is None:
        raise Http404("No copy found")
    distribution.document.meeting = meeting
    return distribution


def _form_page(meeting: Meeting, form: Form, heading: str, button: str, intro: str = "") -> dict[str, Any]:
    return {
        "meeting": meeting,
        "form": form,
        "caption": f"{meeting.get_kind_display()} · {meeting.case.family_name}",
        "heading": heading,
        "intro": intro,
        "button": button,
        "back_url": _documents_url(meeting),
    }


def _pdf(request: HttpRequest, meeting: Meeting, pdf: bytes, record_id: object, detail: str, name: str) -> HttpResponse:
    access_log_append_each(
        user=_user(request),
        action=AccessAction.EXPORT,
        record_type=COPY_RECORD,
        record_id=record_id,
        people=meeting_children(meeting),
        detail=detail,
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Versions


def document_draft_view(request: HttpRequest, meeting_id: int, kind: str) -> HttpResponse:
    user = _user(request)
    meeting = _held_meeting_to_change(user, meeting_id)
    if kind not in DocumentKind.values:
        raise Http404("No such document")
    label = DocumentKind(kind).label
    form = DraftDocumentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            document = document_draft(acting_user=user, meeting=meeting, kind=kind, request=request)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{label}, version 1, drafted. Prepare each recipient's copy from it.")
            return HttpResponseRedirect(reverse("meetings:document", args=[meeting.pk, document.pk]))
    log_meeting_view(request, meeting, detail=f"draft {kind}")
    intro = (
        f"Version 1 of the {label.lower()} is made from the conference record as it is now: its parts, the agency "
        "reports, the decision for each child and the child's view. After that it does not change; a comment makes "
        "a new version."
    )
    return render(
        request, "meetings/form_page.html", _form_page(meeting, form, f"Draft the {label.lower()}", "Draft it", intro)
    )


def document_detail(request: HttpRequest, meeting_id: int, document_id: int) -> HttpResponse:
    user = _user(request)
    meeting = get_meeting_for_user(user, meeting_id)
    document = _document_of(meeting, document_id)
    log_meeting_view(request, meeting, detail=f"{document.kind} v{document.number}")
    invitees = list(meeting.invitees.filter(archived_at__isnull=True).select_related("person").order_by("pk"))
    copies = list(zip(invitees, recipient_copies(document, invitees), strict=True))
    latest = ConferenceDocument.objects.filter(meeting=meeting, kind=document.kind).order_by("-number").first()
    context = {
        "meeting": meeting,
        "case": meeting.case,
        "document": document,
        "copy": recipient_copy(document, None),
        "copies": copies,
        "versions": ConferenceDocument.objects.filter(meeting=meeting, kind=document.kind).select_related("author"),
        "is_latest": latest is not None and latest.pk == document.pk,
        "can_change": can_add_to_case(user, meeting.case) and meeting.status == MeetingStatus.HELD,
        "protected": {invitee.pk for invitee in invitees if invitee.person and has_protected_address(invitee.person)},
    }
    return render(request, "meetings/distribution_document.html", context)


def document_amend_view(request: HttpRequest, meeting_id: int, document_id: int) -> HttpResponse:
    user = _user(request)
    meeting = _held_meeting_to_change(user, meeting_id)
    document = _document_of(meeting, document_id)
    invitees = list(meeting.invitees.filter(archived_at__isnull=True))
    form = AmendDocumentForm(_posted(request), invitees=invitees)
    if request.method == "POST" and form.is_valid():
        try:
            amended = document_amend(
                acting_user=user,
                document=document,
                amended_after_comment_from=form.cleaned_data["commented_by"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Version {amended.number} made. Version {document.number} stays as it was.")
            return HttpResponseRedirect(reverse("meetings:document", args=[meeting.pk, amended.pk]))
    log_meeting_view(request, meeting, detail=f"amend {document.kind} v{document.number}")
    intro = (
        f"Correct the conference record first. The new version is read from the record as it then is, and says it "
        f"was amended after the comment. Version {document.number} stays readable as it was."
    )
    heading = f"Amend the {document.get_kind_display().lower()} after a comment"
    return render(request, "meetings/form_page.html", _form_page(meeting, form, heading, "Make the new version", intro))


def document_copy_pdf(request: HttpRequest, meeting_id: int, document_id: int, invitee_id: int) -> HttpResponse:
    """One recipient's copy of a version, to read before it is prepared: the recipient comes from the address,
    checked against the meeting, and the copy is made for them alone."""
    meeting = get_meeting_for_user(_user(request), meeting_id)
    document = _document_of(meeting, document_id)
    invitee = _invitee_of(meeting, invitee_id)
    pdf = copy_pdf(recipient_copy(document, invitee))
    name = f"{meeting.reference}-{document.kind}-v{document.number}-copy-{invitee.pk}.pdf"
    return _pdf(request, meeting, pdf, document.pk, f"copy for invitee {invitee.pk}", name)


# Copies


def distribution_prepare_view(request: HttpRequest, meeting_id: int, document_id: int) -> HttpResponse:
    user = _user(request)
    meeting = _held_meeting_to_change(user, meeting_id)
    document = _document_of(meeting, document_id)
    invitees = list(meeting.invitees.filter(archived_at__isnull=True).order_by("pk"))
    chosen = request.GET.get("recipient", "")
    initial = {"recipient": int(chosen)} if chosen.isdigit() else {}
    form = PrepareCopyForm(_posted(request), invitees=invitees, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            distribution = distribution_prepare(
                acting_user=user,
                document=document,
                recipient=form.cleaned_data["recipient"],
                channel=form.cleaned_data["channel"],
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                f"Copy prepared for {distribution.recipient.name}. "
                "Someone other than the author checks and releases it.",
            )
            return HttpResponseRedirect(_documents_url(meeting))
    log_meeting_view(request, meeting, detail=f"prepare {document.kind} v{document.number}")
    intro = (
        f"{document.get_kind_display()}, version {document.number}. The copy leaves out what this recipient may not "
        "read. Where it goes is read from their record: to change an address, change their record first."
    )
    return render(
        request, "meetings/form_page.html", _form_page(meeting, form, "Prepare a copy", "Prepare the copy", intro)
    )


def distribution_release_view(request: HttpRequest, meeting_id: int, distribution_id: int) -> HttpResponse:
    user = _user(request)
    meeting = _held_meeting_to_change(user, meeting_id)
    distribution = _distribution_of(meeting, distribution_id)
    if distribution.is_released or distribution.archived_at is not None:
        raise Http404("No copy waiting to be released")
    form = ReleaseCopyForm(
        _posted(request), ask_address_check=needs_address_check(distribution), initial={"version": distribution.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            distribution_release(
                acting_user=user,
                distribution=distribution,
                expected_version=form.cleaned_data["version"],
                address_checked=form.cleaned_data.get("address_checked", False),
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Released to {distribution.recipient.name}. It is in the distribution log.")
            return HttpResponseRedirect(_documents_url(meeting))
    log_meeting_view(request, meeting, detail=f"release copy {distribution.pk}")
    context = {
        **_form_page(meeting, form, f"Check and release {distribution.recipient.name}'s copy", "Release the copy"),
        "distribution": distribution,
        "address": address_block(distribution)[1:],
        "protected": distribution.recipient.person is not None and has_protected_address(distribution.recipient.person),
    }
    return render(request, "meetings/distribution_release.html", context)


def distribution_copy_pdf(request: HttpRequest, meeting_id: int, distribution_id: int) -> HttpResponse:
    """A copy exactly as it was prepared and checked, with its address block."""
    meeting = get_meeting_for_user(_user(request), meeting_id)
    distribution = _distribution_of(meeting, distribution_id)
    name = f"{meeting.reference}-{distribution.document.kind}-v{distribution.document.number}-{distribution.pk}.pdf"
    return _pdf(request, meeting, distribution_pdf(distribution), distribution.pk, "copy as prepared", name)


def distribution_sent_in_error_view(request: HttpRequest, meeting_id: int, distribution_id: int) -> HttpResponse:
    user = _user(request)
    meeting = get_meeting_for_user(user, meeting_id)
    if not can_add_to_case(user, meeting.case):
        raise Http404("No meeting found")
    distribution = _distribution_of(meeting, distribution_id)
    if not distribution.is_released:
        raise Http404("No copy was sent")
    form = SentInErrorForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            breach = distribution_sent_in_error(
                acting_user=user,
                distribution=distribution,
                what_happened=form.cleaned_data["what_happened"],
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Breach {breach.reference} opened. The team's managers can see it.")
            return HttpResponseRedirect(reverse("meetings:breach", args=[meeting.pk, breach.pk]))
    log_meeting_view(request, meeting, detail=f"sent in error {distribution.pk}")
    intro = (
        f"{distribution.document}, copy for {distribution.recipient.name}, released on "
        f"{distribution.released_at:%-d %B %Y}. This opens a disclosure breach for the team's managers. The children's "
        "timelines say a copy was sent in error, never what it said."
    )
    context = _form_page(meeting, form, "Report a copy sent in error", "Open a breach", intro)
    context["warning_button"] = True
    return render(request, "meetings/form_page.html", context)


# Breaches


def breach_detail(request: HttpRequest, meeting_id: int, breach_id: int) -> HttpResponse:
    user = _user(request)
    meeting = get_meeting_for_user(user, meeting_id)
    breach = (
        DisclosureBreach.objects.filter(pk=breach_id, distribution__document__meeting=meeting)
        .select_related("distribution__document", "distribution__recipient", "reported_by", "closed_by")
        .first()
    )
    if breach is None:
        raise Http404("No breach found")
    may_close = breach.status == BreachStatus.OPEN and can_manage_case(user, meeting.case)
    form = CloseBreachForm(_posted(request) if may_close else None, initial={"version": breach.version})
    if request.method == "POST":
        if not may_close:
            raise Http404("No breach to close")
        if form.is_valid():
            try:
                disclosure_breach_close(
                    acting_user=user,
                    breach=breach,
                    expected_version=form.cleaned_data["version"],
                    what_was_done=form.cleaned_data["what_was_done"],
                    request=request,
                )
            except (StaleEditError, ValidationError, PermissionDenied) as error:
                show_refusal(form, error)
            else:
                messages.success(request, f"Breach {breach.reference} closed")
                return HttpResponseRedirect(reverse("meetings:breach", args=[meeting.pk, breach.pk]))
    log_meeting_view(request, meeting, detail=f"breach {breach.pk}")
    context = {"meeting": meeting, "breach": breach, "form": form if may_close else None}
    return render(request, "meetings/distribution_breach.html", context)


def breach_list(request: HttpRequest) -> HttpResponse:
    """Open breaches on the cases of the teams in this manager's line."""
    user = _user(request)
    if not managed_team_ids(user):
        raise Http404("No breaches for you")
    cases = managed_cases(user)
    breaches = list(
        DisclosureBreach.objects.filter(status=BreachStatus.OPEN, case__in=cases)
        .select_related("case", "distribution__document__meeting", "reported_by")
        .order_by("reported_at")
    )
    access_log_append_each(
        user=user,
        action=AccessAction.VIEW,
        record_type="disclosure breaches",
        people=[None],
        detail=f"{len(breaches)} open",
        request=request,
    )
    return render(request, "meetings/distribution_breaches.html", {"breaches": breaches})


# Reports and addresses


def report_clear_view(request: HttpRequest, meeting_id: int, report_id: int) -> HttpResponse:
    user = _user(request)
    meeting = _held_meeting_to_change(user, meeting_id)
    report = AgencyReport.objects.filter(meeting=meeting, pk=report_id).select_related("author").first()
    if report is None or not report.share_restriction:
        raise Http404("No restricted report found")
    form = ClearReportForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            report_clear_for_family(
                acting_user=user, report=report, reason=form.cleaned_data["reason"], request=request
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"The report from {report.author.name} can now go in the family's copies")
            return HttpResponseRedirect(_documents_url(meeting))
    log_meeting_view(request, meeting, detail=f"clear report {report.pk}")
    intro = (
        f"The report from {report.author.name} is left out of every family copy: "
        f"{report.get_share_restriction_display().lower()}. Once cleared, copies prepared from now on include it; "
        "a copy already sent stays as it was sent."
    )
    heading = "Clear a report for the family"
    return render(request, "meetings/form_page.html", _form_page(meeting, form, heading, "Clear the report", intro))


def address_confidential_view(request: HttpRequest, meeting_id: int, invitee_id: int) -> HttpResponse:
    user = _user(request)
    meeting = _held_meeting_to_change(user, meeting_id)
    invitee = _invitee_of(meeting, invitee_id)
    person = invitee.person
    if person is None:
        raise Http404("No person's record")
    initial = {"version": person.version, "confidential": "yes" if person.address_confidential else "no"}
    form = AddressConfidentialForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person_address_confidential_set(
                acting_user=user,
                person=person,
                expected_version=form.cleaned_data["version"],
                confidential=form.cleaned_data["confidential"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Saved for {person.full_name}")
            return HttpResponseRedirect(_documents_url(meeting))
    log_meeting_view(request, meeting, detail=f"address confidential {invitee.pk}")
    intro = "For example a refuge, or an adopter's address. Foster carers' addresses are always kept out of copies."
    heading = f"Is {person.full_name}'s address confidential?"
    return render(request, "meetings/form_page.html", _form_page(meeting, form, heading, "Save", intro))


urlpatterns: list[URLPattern] = [
    path("breaches/", breach_list, name="breaches"),
    path("<int:meeting_id>/documents/<str:kind>/draft/", document_draft_view, name="document-draft"),
    path("<int:meeting_id>/documents/<int:document_id>/", document_detail, name="document"),
    path("<int:meeting_id>/documents/<int:document_id>/amend/", document_amend_view, name="document-amend"),
    path(
        "<int:meeting_id>/documents/<int:document_id>/copies/<int:invitee_id>.pdf",
        document_copy_pdf,
        name="document-copy",
    ),
    path(
        "<int:meeting_id>/documents/<int:document_id>/prepare/", distribution_prepare_view, name="distribution-prepare"
    ),
    path(
        "<int:meeting_id>/copies/<int:distribution_id>/release/", distribution_release_view, name="distribution-release"
    ),
    path("<int:meeting_id>/copies/<int:distribution_id>.pdf", distribution_copy_pdf, name="distribution-copy"),
    path(
        "<int:meeting_id>/copies/<int:distribution_id>/sent-in-error/",
        distribution_sent_in_error_view,
        name="distribution-sent-in-error",
    ),
    path("<int:meeting_id>/breaches/<int:breach_id>/", breach_detail, name="breach"),
    path("<int:meeting_id>/reports/<int:report_id>/clear/", report_clear_view, name="report-clear"),
    path(
        "<int:meeting_id>/invitees/<int:invitee_id>/address-confidential/",
        address_confidential_view,
        name="address-confidential",
    ),
]

"""The conference record in Signs of Safety structure: agency reports, scores given in private and revealed
together, and the decision for each child.

Every page reads the conference through the access rule (404 for anyone who may not see the case) and logs the
view; every change goes through one service in `casemap/meetings/services/conference.py`.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from casemap.access.policy import can_add_to_case
from casemap.accounts.models import User
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import OUT_OF_DATE_MESSAGE, StaleEditError, posted_version, show_refusal
from casemap.mapping.models import DangerStatement, FrameworkVariant
from casemap.mapping.services import variant_for_case
from casemap.mapping.snapshot import map_data
from casemap.meetings.forms_conference import AgencyReportForm, ChildsViewForm, DecisionForm, SealedScoreForm
from casemap.meetings.models import AgencyReport, Meeting, MeetingKind, MeetingStatus
from casemap.meetings.services import conference as services
from casemap.meetings.timescales import plan_next_dates
from casemap.meetings.views.meeting import get_meeting_for_user, log_meeting_view

RECORDING = {MeetingStatus.ARRANGED, MeetingStatus.HELD}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _posted_or_kept(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else restore_kept_draft(request)


def _conference_for_user(request: HttpRequest, meeting_id: int) -> Meeting:
    """The conference if this user may see its case; otherwise, or for any other kind of meeting, 404."""
    meeting = get_meeting_for_user(_user(request), meeting_id)
    if not meeting.is_conference:
        raise Http404("No conference found")
    return meeting


def _conference_to_change(request: HttpRequest, meeting_id: int) -> Meeting:
    """A conference whose record this user may add to: arranged or held, on a case they may add to."""
    meeting = _conference_for_user(request, meeting_id)
    if not can_add_to_case(_user(request), meeting.case) or meeting.status not in RECORDING:
        raise Http404("No conference found")
    return meeting


def _meeting_url(meeting: Meeting, anchor: str = "conference-record") -> str:
    return reverse("meetings:detail", args=[meeting.pk]) + f"#{anchor}"


def _record_url(meeting: Meeting, anchor: str = "") -> str:
    return reverse("meetings:conference", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


def _refusal_message(error: Exception) -> str:
    if isinstance(error, StaleEditError):
        return OUT_OF_DATE_MESSAGE
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _button(
    request: HttpRequest, meeting: Meeting, back: str, change: Callable[[int], object], done: str
) -> HttpResponseRedirect:
    """A button that only changes the record: the version the page showed, one service, and back to the page with
    what happened said at the top."""
    version = posted_version(request.POST)
    if version is None:
        messages.error(request, OUT_OF_DATE_MESSAGE)
        return HttpResponseRedirect(back)
    try:
        change(version)
    except (StaleEditError, ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal_message(error))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(back)


def _page(request: HttpRequest, meeting: Meeting, template: str, context: dict[str, Any]) -> HttpResponse:
    log_meeting_view(request, meeting, detail="conference record")
    base = {
        "meeting": meeting,
        "case": meeting.case,
        "caption": f"{meeting.get_kind_display()} · {meeting.case.family_name}",
        "back_url": _meeting_url(meeting),
    }
    return render(request, template, {**base, **context})


def _variant(meeting: Meeting) -> FrameworkVariant | None:
    return meeting.map.variant if meeting.map is not None else variant_for_case(meeting.case)


def _anchors(meeting: Meeting) -> tuple[str, str]:
    variant = _variant(meeting)
    if variant is None:
        return ("the worst it could be", "safe enough to close the case")
    return (variant.scale_zero_anchor, variant.scale_ten_anchor)


# The record as a whole


def conference_record(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _conference_for_user(request, meeting_id)
    user = _user(request)
    record = services.conference_record(meeting, user)
    # After the reveal the scores are read from the map, where they now are.
    judgements = map_data(meeting.map) if meeting.scores_revealed_at and meeting.map else None
    context = {
        "record": record,
        "judgements": judgements,
        "can_change": can_add_to_case(user, meeting.case) and meeting.status in RECORDING,
        "share_by": services.share_by(meeting),
        "share_days": services.working_days_label(meeting),
    }
    return _page(request, meeting, "meetings/conference_record.html", context)


@require_POST
def conference_map_start(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _conference_to_change(request, meeting_id)
    version = posted_version(request.POST)
    if version is None:
        messages.error(request, OUT_OF_DATE_MESSAGE)
        return HttpResponseRedirect(_meeting_url(meeting))
    try:
        map_ = services.conference_map_start(
            acting_user=_user(request), meeting=meeting, expected_version=version, request=request
        )
    except (StaleEditError, ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal_message(error))
        return HttpResponseRedirect(_meeting_url(meeting))
    messages.success(
        request, "Conference map started. Record the worries, what is working well and the danger statements here."
    )
    return HttpResponseRedirect(reverse("mapping:map", args=[map_.pk]))


@require_http_methods(["GET", "POST"])
def childs_view_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _conference_to_change(request, meeting_id)
    form = ChildsViewForm(
        _posted_or_kept(request), initial={"version": meeting.version, "childs_view": meeting.childs_view}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.childs_view_record(
                acting_user=_user(request),
                meeting=meeting,
                expected_version=form.cleaned_data["version"],
                childs_view=form.cleaned_data["childs_view"],
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The child's view is saved")
            return HttpResponseRedirect(_meeting_url(meeting, "childs-view"))
    context = {"form": form, "heading": "The child's view", "button": "Save the child's view"}
    return _page(request, meeting, "meetings/conference_form.html", context)


# Agency reports


def _report_form(request: HttpRequest, meeting: Meeting, report: AgencyReport | None) -> AgencyReportForm:
    written = {r.author_id for r in meeting.agency_reports.filter(archived_at__isnull=True)}
    authors = [invitee for invitee in services.report_authors(meeting) if invitee.pk not in written]
    return AgencyReportForm(_posted_or_kept(request), authors=authors, anchors=_anchors(meeting), report=report)


@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _conference_to_change(request, meeting_id)
    form = _report_form(request, meeting, None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.agency_report_add(
                acting_user=_user(request),
                meeting=meeting,
                author=form.chosen_author(),
                answers=form.answers(),
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Report from {report.author.name} added")
            return HttpResponseRedirect(_meeting_url(meeting, "agency-reports"))
    context = {
        "form": form,
        "heading": "Add an agency report",
        "button": "Add the report",
        "intro": f"A report the family may see is shared with them {services.working_days_label(meeting)} before "
        f"the conference: by {services.share_by(meeting):%-d %B %Y}.",
    }
    return _page(request, meeting, "meetings/conference_form.html", context)


@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, meeting_id: int, report_id: int) -> HttpResponse:
    meeting = _conference_to_change(request, meeting_id)
    report = (
        AgencyReport.objects.filter(meeting=meeting, pk=report_id, archived_at__isnull=True)
        .select_related("author")
        .first()
    )
    if report is None:
        raise Http404("No report found")
    form = _report_form(request, meeting, report)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_report_update(
                acting_user=_user(request),
                report=report,
                expected_version=form.cleaned_data["version"],
                answers=form.answers(),
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Report from {report.author.name} saved")
            return HttpResponseRedirect(_meeting_url(meeting, "agency-reports"))
    warning = services.sharing_warnings(meeting, [report]).get(report.pk)
    context = {
        "form": form,
        "heading": f"Report from {report.author.name}",
        "button": "Save the report",
        "warning": warning.message if warning else "",
    }
    return _page(request, meeting, "meetings/conference_form.html", context)


# Scores given in private, revealed together


@require_http_methods(["GET", "POST"])
def score_new(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _conference_to_change(request, meeting_id)
    if meeting.map is None or meeting.scores_revealed_at is not None:
        raise Http404("No scores are being given")
    variant = _variant(meeting)
    form = SealedScoreForm(
        _posted_or_kept(request),
        scorers=services.scorers(meeting),
        statements=list(DangerStatement.objects.filter(map=meeting.map)),
        statement_label=variant.danger_statement_label if variant else "Danger statement",
        anchors=_anchors(meeting),
    )
    if request.method == "POST" and form.is_valid():
        invitee, statement = form.chosen()
        try:
            services.sealed_score_give(
                acting_user=_user(request),
                meeting=meeting,
                invitee=invitee,
                danger_statement=statement,
                score=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error, {"danger_statement": "scale"})
        else:
            # The score is not shown back: only that it is in.
            messages.success(
                request, f"{invitee.name}'s score is in. Nobody will see it until the scores are revealed."
            )
            return HttpResponseRedirect(_meeting_url(meeting, "scores"))
    context = {
        "form": form,
        "heading": "Give a score in private",
        "button": "Give the score",
        "intro": "Nobody sees the score, not even the chair, until the scores are revealed together.",
        "scaling": services.scaling_status(meeting),
    }
    return _page(request, meeting, "meetings/conference_form.html", context)


@require_POST
def scores_reveal(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _conference_to_change(request, meeting_id)
    return _button(
        request,
        meeting,
        _record_url(meeting, "scores"),
        lambda version: services.scores_reveal(
            acting_user=_user(request), meeting=meeting, expected_version=version, request=request
        ),
        "The scores are revealed, parents' first, and are on the conference map",
    )


# The decision for each child


def _child_decision(meeting: Meeting, child_id: int) -> services.ChildDecision:
    entry = services.decision_for(meeting, child_id)
    if entry is None:
        raise Http404("No child found")
    return entry


@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, meeting_id: int, child_id: int) -> HttpResponse:
    meeting = _conference_for_user(request, meeting_id)
    user = _user(request)
    entry = _child_decision(meeting, child_id)
    decision = entry.decision
    can_change = can_add_to_case(user, meeting.case) and meeting.status in RECORDING
    editable = can_change and not (decision is not None and decision.is_signed)
    if request.method == "POST" and not editable:
        raise Http404("No decision to change")
    form = None
    if editable:
        form = DecisionForm(
            _posted_or_kept(request),
            decision=decision,
            is_review=meeting.kind == MeetingKind.REVIEW_CONFERENCE,
            plan_category=entry.link.plan.latest_category if entry.link.plan else "",
            lead_workers=services.lead_worker_choices(meeting),
            invitees=list(meeting.invitees.order_by("pk")),
            agencies=services.dissent_choices(meeting),
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.decision_save(
                    acting_user=user, meeting=meeting, child=entry.child, request=request, **form.decision()
                )
            except (StaleEditError, ValidationError, PermissionDenied) as error:
                show_refusal(form, error, {"core_group": "core_group_known"})
            else:
                messages.success(request, f"Decision for {entry.child.full_name} saved")
                return HttpResponseRedirect(reverse("meetings:conference-decision", args=[meeting.pk, child_id]))
    context = {
        "form": form,
        "entry": entry,
        "decision": decision,
        "dissents": list(decision.dissents.select_related("invitee")) if decision else [],
        "heading": f"Decision for {entry.child.full_name}",
        "may_sign": can_change and services.may_lead(user, meeting) and decision is not None and not decision.is_signed,
        "childs_view_missing": not meeting.childs_view.strip(),
        "is_held": meeting.status == MeetingStatus.HELD,
        # The dates a plan sets, worked out from the day the conference was held, never typed.
        "next_dates": plan_next_dates(meeting.kind, meeting.held_on) if meeting.held_on else None,
    }
    return _page(request, meeting, "meetings/conference_decision.html", context)


@require_POST
def decision_sign(request: HttpRequest, meeting_id: int, child_id: int) -> HttpResponse:
    meeting = _conference_to_change(request, meeting_id)
    entry = _child_decision(meeting, child_id)
    return _button(
        request,
        meeting,
        reverse("meetings:conference-decision", args=[meeting.pk, child_id]),
        lambda version: services.decision_sign(
            acting_user=_user(request), meeting=meeting, child=entry.child, expected_version=version, request=request
        ),
        f"Decision for {entry.child.full_name} signed",
    )


urlpatterns: list[URLPattern] = [
    path("<int:meeting_id>/conference/", conference_record, name="conference"),
    path("<int:meeting_id>/conference/map/", conference_map_start, name="conference-map-start"),
    path("<int:meeting_id>/conference/childs-view/", childs_view_edit, name="conference-childs-view"),
    path("<int:meeting_id>/conference/reports/new/", report_new, name="conference-report-new"),
    path("<int:meeting_id>/conference/reports/<int:report_id>/", report_edit, name="conference-report"),
    path("<int:meeting_id>/conference/scores/new/", score_new, name="conference-score-new"),
    path("<int:meeting_id>/conference/scores/reveal/", scores_reveal, name="conference-reveal"),
    path("<int:meeting_id>/conference/decisions/<int:child_id>/", decision_edit, name="conference-decision"),
    path("<int:meeting_id>/conference/decisions/<int:child_id>/sign/", decision_sign, name="conference-decision-sign"),
]

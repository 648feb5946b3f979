"""Arranging a meeting, its page, inviting people already on the record, attendance with the quorum as it stands,
and ending it."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from casemap.access.models import AccessAction
from casemap.access.policy import (
    can_add_to_case,
    can_manage_case,
    get_case_for_user,
    read_through_the_rule,
    visible_case,
)
from casemap.access.services import access_log_append_each
from casemap.accounts.models import Role, User
from casemap.cases.selectors import case_children, case_members
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import StaleEditError, show_refusal
from casemap.meetings.forms import (
    ArrangeMeetingForm,
    AttendanceForm,
    CancelMeetingForm,
    ChangeMeetingForm,
    EndMeetingForm,
    InviteForm,
)
from casemap.meetings.models import Invitee, Meeting, MeetingChild, MeetingStatus
from casemap.meetings.quorum import quorum_of
from casemap.meetings.services.arranging import (
    attendance_record,
    invitee_add,
    meeting_arrange,
    meeting_cancel,
    meeting_conclude,
    meeting_reschedule,
)
from casemap.meetings.timescales import documents_due


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _posted_or_kept(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else restore_kept_draft(request)


def get_meeting_for_user(user: User, meeting_id: int) -> Meeting:
    """The meeting if this user may see its case; otherwise 404."""
    meeting = (
        Meeting.objects.filter(pk=meeting_id, archived_at__isnull=True)
        .filter(visible_case(user, "case_id"))
        .select_related("case", "case__team", "case__allocated_worker", "chair", "map")
        .prefetch_related(Prefetch("meeting_children", queryset=MeetingChild.objects.select_related("child")))
        .first()
    )
    if meeting is None:
        raise Http404("No meeting found")
    read_through_the_rule(user, meeting.case)
    return meeting


def meeting_children(meeting: Meeting) -> list[Any]:
    return [link.child for link in meeting.meeting_children.all()]


def log_meeting_view(request: HttpRequest, meeting: Meeting, detail: str = "") -> None:
    access_log_append_each(
        user=_user(request),
        action=AccessAction.VIEW,
        record_type="meeting",
        record_id=meeting.pk,
        people=meeting_children(meeting),
        detail=detail,
        request=request,
    )


def _meeting_url(meeting: Meeting, anchor: str = "") -> str:
    return reverse("meetings:detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


def _form_page(meeting: Meeting, form: Form, heading: str, button: str) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "form": form,
        "caption": f"{meeting.get_kind_display()} · {meeting.case.family_name}",
        "heading": heading,
        "button": button,
        "back_url": _meeting_url(meeting),
    }


def meeting_new(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, case_id)
    if not can_add_to_case(user, case):
        raise Http404("No case found")
    children = case_children(case)
    form = ArrangeMeetingForm(_posted_or_kept(request), children=children, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_arrange(
                acting_user=user,
                case=case,
                kind=data["kind"],
                children=list(data["children"]),
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                venue=data["venue"],
                chair=data["chair"],
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{meeting.get_kind_display()} arranged. Now invite the people to come.")
            return HttpResponseRedirect(_meeting_url(meeting))
    context = {
        "form": form,
        "caption": case.family_name,
        "heading": "Arrange a meeting",
        "intro": "The date it is due is worked out from the records: for an initial conference, from the strategy "
        "discussion; for a core group or a review, from the conference before it.",
        "button": "Arrange the meeting",
        "back_url": reverse("cases:detail", args=[case.pk]),
    }
    return render(request, "meetings/form_page.html", context)


def _staff_to_invite(meeting: Meeting) -> list[User]:
    """The case's team and the conference chairs, by name: one table, so no DISTINCT over every column."""
    staff = User.objects.filter(Q(team_id=meeting.case.team_id) | Q(role=Role.CONFERENCE_CHAIR), is_active=True)
    return list(staff.order_by("last_name", "first_name"))


def _invite_form(meeting: Meeting, data: Any = None, *, invited: list[Invitee] | None = None) -> InviteForm:
    """`invited`: the meeting's invitees when the page has read them already."""
    if invited is None:
        invited = list(meeting.invitees.all())
    people_invited = {invitee.person_id for invitee in invited}
    professionals_invited = {invitee.professional_id for invitee in invited}
    staff_invited = {invitee.user_id for invitee in invited}
    members = [member.person for member in case_members(case=meeting.case)]
    return InviteForm(
        data,
        people=[person for person in members if person.pk not in people_invited],
        professionals=[
            p for p in meeting.case.professionals.select_related("agency") if p.pk not in professionals_invited
        ],
        staff=[u for u in _staff_to_invite(meeting) if u.pk not in staff_invited],
        initial={"version": meeting.version},
    )


def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = get_meeting_for_user(user, meeting_id)
    log_meeting_view(request, meeting)
    can_change = can_add_to_case(user, meeting.case) and meeting.status in {MeetingStatus.ARRANGED, MeetingStatus.HELD}
    invitees = list(meeting.invitees.select_related("person", "professional", "user"))
    context: dict[str, Any] = {
        "meeting": meeting,
        "case": meeting.case,
        "children": meeting_children(meeting),
        "invitees": invitees,
        "quorum": quorum_of(invitees) if meeting.is_conference else None,
        "can_change": can_change,
        "is_open": meeting.is_open,
        "may_end": meeting.is_open
        and (user == meeting.chair or can_manage_case(user, meeting.case) or not meeting.is_conference)
        and can_add_to_case(user, meeting.case),
        "invite_form": _invite_form(meeting, invited=invitees) if can_change and meeting.is_open else None,
        "reconvened": Meeting.objects.filter(previous=meeting, kind=meeting.kind).first()
        if meeting.status == MeetingStatus.ADJOURNED
        else None,
        "user": user,
        "decided": {decision.child_id: decision for decision in meeting.decisions.all()}
        if meeting.is_conference
        else {},
    }
    if meeting.held_on and meeting.status == MeetingStatus.HELD:
        context["letter_due"], context["record_due"] = documents_due(meeting.held_on)
    return render(request, "meetings/meeting_detail.html", context)


def _may_change_meeting(user: User, meeting: Meeting) -> None:
    if not can_add_to_case(user, meeting.case) or not meeting.is_open:
        raise Http404("No meeting found")


def meeting_change(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = get_meeting_for_user(user, meeting_id)
    _may_change_meeting(user, meeting)
    starts = timezone.localtime(meeting.starts_at)
    initial = {
        "version": meeting.version,
        "day": starts.date(),
        "starts": f"{starts:%H:%M}",
        "ends": f"{timezone.localtime(meeting.ends_at):%H:%M}" if meeting.ends_at else "",
        "venue": meeting.venue,
    }
    form = ChangeMeetingForm(_posted_or_kept(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_reschedule(
                acting_user=user,
                meeting=meeting,
                expected_version=data["version"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                venue=data["venue"],
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Date, time and place saved. The date it was due is unchanged.")
            return HttpResponseRedirect(_meeting_url(meeting))
    log_meeting_view(request, meeting)
    context = _form_page(meeting, form, "Change the date, time or place", "Save")
    context["intro"] = (
        f"It stays due by {meeting.due_on:%-d %B %Y}: a new date never moves the date it was due."
        if meeting.due_on
        else ""
    )
    return render(request, "meetings/form_page.html", context)


def meeting_cancel_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = get_meeting_for_user(user, meeting_id)
    _may_change_meeting(user, meeting)
    form = CancelMeetingForm(_posted_or_kept(request), initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        try:
            meeting_cancel(
                acting_user=user,
                meeting=meeting,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{meeting.get_kind_display()} cancelled")
            return HttpResponseRedirect(_meeting_url(meeting))
    log_meeting_view(request, meeting)
    context = _form_page(meeting, form, f"Cancel the {meeting.get_kind_display().lower()}", "Cancel the meeting")
    context["warning_button"] = True
    return render(request, "meetings/form_page.html", context)


def invitee_new(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = get_meeting_for_user(user, meeting_id)
    _may_change_meeting(user, meeting)
    form = _invite_form(meeting, _posted_or_kept(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitee = invitee_add(
                acting_user=user,
                meeting=meeting,
                expected_version=form.cleaned_data["version"],
                request=request,
                **form.invitee(),
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{invitee.name} invited")
            return HttpResponseRedirect(_meeting_url(meeting, "invitees"))
    log_meeting_view(request, meeting)
    context = _form_page(meeting, form, "Invite someone", "Invite")
    return render(request, "meetings/form_page.html", context)


def attendance_edit(request: HttpRequest, meeting_id: int, invitee_id: int) -> HttpResponse:
    user = _user(request)
    meeting = get_meeting_for_user(user, meeting_id)
    if not can_add_to_case(user, meeting.case) or meeting.status not in {MeetingStatus.ARRANGED, MeetingStatus.HELD}:
        raise Http404("No meeting found")
    invitee = Invitee.objects.filter(meeting=meeting, pk=invitee_id).first()
    if invitee is None:
        raise Http404("No invitee found")
    initial = {
        "version": invitee.version,
        "attendance": invitee.attendance,
        "arrived": f"{invitee.arrived_at:%H:%M}" if invitee.arrived_at else "",
        "left": f"{invitee.left_at:%H:%M}" if invitee.left_at else "",
        "interpreter": invitee.interpreter,
        "advocate": invitee.advocate,
        "excluded_from": invitee.excluded_from,
        "exclusion_reason": invitee.exclusion_reason,
    }
    form = AttendanceForm(_posted_or_kept(request), initial=initial)
    if not invitee.is_family or not meeting.is_conference:
        del form.fields["excluded_from"], form.fields["exclusion_reason"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            attendance_record(
                acting_user=user,
                invitee=invitee,
                expected_version=data["version"],
                attendance=data["attendance"],
                arrived_at=data["arrived"],
                left_at=data["left"],
                interpreter=data["interpreter"],
                advocate=data["advocate"],
                excluded_from=data.get("excluded_from") or [],
                exclusion_reason=data.get("exclusion_reason") or "",
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Attendance saved for {invitee.name}")
            return HttpResponseRedirect(_meeting_url(meeting, "invitees"))
    log_meeting_view(request, meeting)
    context = _form_page(meeting, form, f"Attendance: {invitee.name}", "Save attendance")
    return render(request, "meetings/form_page.html", context)


def meeting_end(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = get_meeting_for_user(user, meeting_id)
    _may_change_meeting(user, meeting)
    form = EndMeetingForm(
        _posted_or_kept(request),
        initial={"version": meeting.version, "held_on": timezone.localtime(meeting.starts_at).date()},
    )
    if not meeting.is_conference:
        for name in ("quorum_override_reason", "outcome", "reconvene_day", "reconvene_time", "interim_plan"):
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_conclude(
                acting_user=user,
                meeting=meeting,
                expected_version=data["version"],
                held_on=data["held_on"],
                adjourned=data.get("adjourned", False),
                reconvene_at=data.get("reconvene_at"),
                interim_plan=data.get("interim_plan", ""),
                quorum_override_reason=data.get("quorum_override_reason", ""),
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            adjourned = data.get("adjourned")
            messages.success(
                request,
                "Adjourned. The meeting is arranged again for its new date." if adjourned else "Recorded as held",
            )
            return HttpResponseRedirect(_meeting_url(meeting))
    log_meeting_view(request, meeting)
    context = _form_page(meeting, form, "Record that it took place", "Save")
    context["quorum"] = quorum_of(meeting.invitees.all()) if meeting.is_conference else None
    return render(request, "meetings/form_page.html", context)

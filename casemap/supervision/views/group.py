"""Group supervision: recording a session from the case page, its page, and each participant's learning note,
with the anonymised learning log for participants who may not see the family."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from casemap.access.models import AccessAction
from casemap.access.policy import can_add_to_case, get_case_for_user, get_group_supervision_for_user
from casemap.access.services import access_log_append_each
from casemap.accounts.models import Role, User
from casemap.cases.models import Case
from casemap.cases.selectors import case_children
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import show_refusal
from casemap.supervision.forms import GroupSupervisionForm, LearningNoteForm
from casemap.supervision.models import GroupParticipant
from casemap.supervision.selectors import group_session_page, learning_log
from casemap.supervision.services.group import SessionMap, group_learning_note_save, group_supervision_record


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _group_staff(case: Case, user: User) -> list[User]:
    """Who may take part: the case team's staff, the recorder's own team, and the practice leads."""
    teams = {case.team_id, user.team_id} - {None}
    in_teams = Q(team_id__in=teams, role__in=[Role.PRACTITIONER, Role.TEAM_MANAGER])
    return list(
        User.objects.filter(is_active=True)
        .filter(in_teams | Q(role=Role.PRACTICE_LEAD) | Q(pk=user.pk))
        .order_by("last_name", "first_name")
    )


def group_new(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, case_id)
    if not can_add_to_case(user, case):
        raise Http404("No case found")
    data = request.POST if request.method == "POST" else restore_kept_draft(request)
    form = GroupSupervisionForm(data, staff=_group_staff(case, user))
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            session, warnings = group_supervision_record(
                acting_user=user,
                case=case,
                held_on=cleaned["held_on"],
                participants=form.participants(),
                presenter_question=cleaned["presenter_question"],
                next_steps=cleaned["next_steps"],
                session_map=SessionMap(worries=cleaned["worries"], working_well=cleaned["working_well"]),
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, "Group supervision recorded.")
            return HttpResponseRedirect(reverse("supervision:group", args=[session.pk]))
    context = {
        "form": form,
        "heading": "Record group supervision",
        "caption": case.family_name,
        "button": "Save the session",
        "back_url": reverse("cases:detail", args=[case.pk]),
    }
    return render(request, "supervision/form_page.html", context)


def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    user = _user(request)
    session = get_group_supervision_for_user(user, group_id)
    access_log_append_each(
        user=user,
        action=AccessAction.VIEW,
        record_type="group supervision",
        record_id=session.pk,
        people=list(case_children(session.case)),
        request=request,
    )
    page = group_session_page(session)
    mine = next((p for p in page["participants"] if p.user_id == user.pk), None)  # type: ignore[attr-defined]
    context = {**page, "session": session, "mine": mine}
    return render(request, "supervision/group_detail.html", context)


def learning_note(request: HttpRequest, group_id: int) -> HttpResponse:
    """A participant writes their own learning note, whether or not they may see the family."""
    user = _user(request)
    participant = (
        GroupParticipant.objects.filter(session_id=group_id, user=user, session__archived_at__isnull=True)
        .select_related("session")
        .first()
    )
    if participant is None:
        raise Http404("You did not take part in this session")
    form = LearningNoteForm(
        request.POST if request.method == "POST" else restore_kept_draft(request),
        initial={"learning_note": participant.learning_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            group_learning_note_save(
                acting_user=user, session=participant.session, note=form.cleaned_data["learning_note"], request=request
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Your learning note is saved.")
            return HttpResponseRedirect(reverse("supervision:learning"))
    context = {
        "form": form,
        "heading": "Your learning from group supervision",
        "caption": f"Group supervision, {participant.session.held_on:%-d %B %Y}",
        "button": "Save your learning",
        "back_url": reverse("supervision:learning"),
    }
    return render(request, "supervision/form_page.html", context)


def learning(request: HttpRequest) -> HttpResponse:
    return render(request, "supervision/learning.html", {"entries": learning_log(user=_user(request))})

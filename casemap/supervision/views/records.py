"""One supervision record: writing it, its page, the supervisor's signature, the supervisee's acknowledgement, an
addition after signing, and an action marked done."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from casemap.access.models import AccessAction
from casemap.access.policy import (
    can_add_to_case,
    can_add_to_signed_supervision,
    can_change_supervision,
    can_respond_to_supervision,
    get_case_for_user,
    get_supervision_for_user,
    visible_supervisions,
)
from casemap.access.services import access_log_append_each
from casemap.accounts.models import Role, User
from casemap.cases.models import Case
from casemap.cases.selectors import case_children
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import (
    OUT_OF_DATE_MESSAGE,
    StaleEditError,
    VersionForm,
    posted_version,
    show_refusal,
    stale_edit_message,
)
from casemap.supervision.forms import AcknowledgeForm, ActionForm, AdditionForm, SupervisionChangeForm, SupervisionForm
from casemap.supervision.models import Supervision, SupervisionAction, SupervisionKind
from casemap.supervision.selectors import supervision_page
from casemap.supervision.services.records import (
    case_supervision_record,
    personal_supervision_record,
    supervision_acknowledge,
    supervision_action_add,
    supervision_action_done,
    supervision_addition_add,
    supervision_sign,
    supervision_update,
)

REFUSALS = (ValidationError, PermissionDenied, StaleEditError)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _posted_or_kept(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else restore_kept_draft(request)


def supervision_url(supervision: Supervision) -> str:
    return reverse("supervision:detail", args=[supervision.pk])


def _case_staff(case: Case, supervisor: User) -> list[User]:
    """Who a case supervision may name: the case team's staff, its allocated worker, and the supervisor."""
    staff = User.objects.filter(is_active=True, team=case.team, role__in=[Role.PRACTITIONER, Role.TEAM_MANAGER])
    ids = {*staff.values_list("pk", flat=True), supervisor.pk}
    if case.allocated_worker_id:
        ids.add(case.allocated_worker_id)
    return list(User.objects.filter(pk__in=ids).order_by("last_name", "first_name"))


def _personal_staff(supervisor: User) -> list[User]:
    """The supervisor and the staff whose supervision profile names them as supervisor."""
    return list(
        User.objects.filter(is_active=True)
        .filter(pk__in=[supervisor.pk, *supervisor.supervisees.values_list("staff_id", flat=True)])
        .order_by("last_name", "first_name")
    )


def _staff_for(supervision: Supervision, supervisor: User) -> list[User]:
    if supervision.case is not None:
        return _case_staff(supervision.case, supervisor)
    return _personal_staff(supervisor)


def _form_page(request: HttpRequest, form: Any, heading: str, caption: str, button: str, back: str) -> HttpResponse:
    context = {"form": form, "heading": heading, "caption": caption, "button": button, "back_url": back}
    return render(request, "supervision/form_page.html", context)


def case_supervision_new(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, case_id)
    if not can_add_to_case(user, case):
        raise Http404("No case found")
    children = case_children(case)
    staff = _case_staff(case, user)
    form = SupervisionForm(
        _posted_or_kept(request),
        supervisor=user,
        staff=staff,
        children=children,
        initial={"supervisee": case.allocated_worker_id, "children": [c.pk for c in children]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            supervision = case_supervision_record(
                acting_user=user,
                case=case,
                children=list(form.cleaned_data["children"]),
                content=form.content(),
                actions=form.actions(),
                request=request,
            )
        except REFUSALS as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Case supervision saved as a draft. Check it, then sign it.")
            return HttpResponseRedirect(supervision_url(supervision))
    back = reverse("cases:detail", args=[case.pk])
    return _form_page(request, form, "Record case supervision", case.family_name, "Save as a draft", back)


def personal_supervision_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    staff = _personal_staff(user)
    if len(staff) < 2:
        raise Http404("You supervise nobody")
    form = SupervisionForm(_posted_or_kept(request), supervisor=user, staff=staff, children=None)
    if request.method == "POST" and form.is_valid():
        try:
            supervision = personal_supervision_record(
                acting_user=user, content=form.content(), actions=form.actions(), request=request
            )
        except REFUSALS as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Personal supervision saved as a draft. Check it, then sign it.")
            return HttpResponseRedirect(supervision_url(supervision))
    back = reverse("supervision:home")
    caption = "Seen only by the supervisee, you and your line manager"
    return _form_page(request, form, "Record personal supervision", caption, "Save as a draft", back)


def _log_view(request: HttpRequest, supervision: Supervision, children: list[Any]) -> None:
    access_log_append_each(
        user=_user(request),
        action=AccessAction.VIEW,
        record_type=f"{supervision.kind} supervision",
        record_id=supervision.pk,
        people=children if supervision.kind == SupervisionKind.CASE else [None],
        request=request,
    )


def supervision_detail(request: HttpRequest, supervision_id: int) -> HttpResponse:
    user = _user(request)
    supervision = get_supervision_for_user(user, supervision_id)
    page = supervision_page(supervision)
    _log_view(request, supervision, page["children"])  # type: ignore[arg-type]
    may_change = can_change_supervision(user, supervision)
    context = {
        **page,
        "supervision": supervision,
        "may_change": may_change,
        "may_respond": can_respond_to_supervision(user, supervision),
        "may_add": can_add_to_signed_supervision(user, supervision),
        "sign_form": VersionForm(initial={"version": supervision.version}) if may_change else None,
        "action_form": ActionForm(staff=_staff_for(supervision, user), initial={"version": supervision.version})
        if may_change
        else None,
        "addition_form": AdditionForm() if can_add_to_signed_supervision(user, supervision) else None,
        "user": user,
    }
    return render(request, "supervision/detail.html", context)


def _changeable(user: User, supervision_id: int) -> Supervision:
    supervision = get_supervision_for_user(user, supervision_id)
    if not can_change_supervision(user, supervision):
        raise Http404("No draft supervision found")
    return supervision


def supervision_change(request: HttpRequest, supervision_id: int) -> HttpResponse:
    user = _user(request)
    supervision = _changeable(user, supervision_id)
    children = case_children(supervision.case) if supervision.case else None
    initial = {name: getattr(supervision, name) for name in SupervisionForm.base_fields if hasattr(supervision, name)}
    initial["supervisee"] = supervision.supervisee_id
    initial["version"] = supervision.version
    if children is not None:
        initial["children"] = list(supervision.child_entries.values_list("child_id", flat=True))
    form = SupervisionChangeForm(
        _posted_or_kept(request),
        supervisor=user,
        staff=_staff_for(supervision, user),
        children=children,
        with_action=False,
        initial=initial,
    )
    if children is not None:
        form.fields["children"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            supervision_update(
                acting_user=user,
                supervision=supervision,
                expected_version=form.cleaned_data["version"],
                content=form.content(),
                request=request,
            )
        except REFUSALS as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Draft saved.")
            return HttpResponseRedirect(supervision_url(supervision))
    caption = supervision.case.family_name if supervision.case else supervision.get_kind_display()
    return _form_page(request, form, "Change the draft", caption, "Save the draft", supervision_url(supervision))


def supervision_action_new(request: HttpRequest, supervision_id: int) -> HttpResponse:
    user = _user(request)
    supervision = _changeable(user, supervision_id)
    form = ActionForm(
        _posted_or_kept(request), staff=_staff_for(supervision, user), initial={"version": supervision.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            supervision_action_add(
                acting_user=user,
                supervision=supervision,
                expected_version=form.cleaned_data["version"],
                action=form.action(),
                request=request,
            )
        except REFUSALS as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Action added.")
            return HttpResponseRedirect(supervision_url(supervision) + "#actions")
    back = supervision_url(supervision)
    return _form_page(request, form, "Add an action", supervision.get_kind_display(), "Add the action", back)


@require_POST
def supervision_sign_view(request: HttpRequest, supervision_id: int) -> HttpResponse:
    user = _user(request)
    supervision = _changeable(user, supervision_id)
    version = posted_version(request.POST)
    if version is None:
        messages.error(request, OUT_OF_DATE_MESSAGE)
        return HttpResponseRedirect(supervision_url(supervision))
    try:
        supervision_sign(acting_user=user, supervision=supervision, expected_version=version, request=request)
    except StaleEditError as error:
        messages.error(request, stale_edit_message(error))
    except REFUSALS as error:
        messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, "Signed. The record is now frozen; the supervisee can acknowledge it.")
    return HttpResponseRedirect(supervision_url(supervision))


def supervision_acknowledge_view(request: HttpRequest, supervision_id: int) -> HttpResponse:
    user = _user(request)
    supervision = get_supervision_for_user(user, supervision_id)
    if not can_respond_to_supervision(user, supervision):
        raise Http404("Nothing to acknowledge")
    form = AcknowledgeForm(_posted_or_kept(request), initial={"version": supervision.version})
    if request.method == "POST" and form.is_valid():
        try:
            supervision_acknowledge(
                acting_user=user,
                supervision=supervision,
                expected_version=form.cleaned_data["version"],
                agrees=form.cleaned_data["agrees"],
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except REFUSALS as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Your acknowledgement is kept beside the record.")
            return HttpResponseRedirect(supervision_url(supervision))
    caption = f"{supervision.get_kind_display()} with {supervision.supervisor}, {supervision.occurred_on:%-d %B %Y}"
    back = supervision_url(supervision)
    return _form_page(request, form, "Acknowledge the supervision record", caption, "Send acknowledgement", back)


def supervision_addition_new(request: HttpRequest, supervision_id: int) -> HttpResponse:
    user = _user(request)
    supervision = get_supervision_for_user(user, supervision_id)
    if not can_add_to_signed_supervision(user, supervision):
        raise Http404("Nothing to add to")
    form = AdditionForm(_posted_or_kept(request))
    if request.method == "POST" and form.is_valid():
        try:
            supervision_addition_add(
                acting_user=user, supervision=supervision, text=form.cleaned_data["text"], request=request
            )
        except REFUSALS as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Added below the signed record.")
            return HttpResponseRedirect(supervision_url(supervision) + "#additions")
    back = supervision_url(supervision)
    return _form_page(request, form, "Add to the signed record", supervision.get_kind_display(), "Add it", back)


@require_POST
def supervision_action_done_view(request: HttpRequest, action_id: int) -> HttpResponse:
    user = _user(request)
    action = (
        SupervisionAction.objects.filter(pk=action_id, supervision__in=visible_supervisions(user))
        .select_related("supervision")
        .first()
    )
    if action is None:
        raise Http404("No action found")
    try:
        supervision_action_done(acting_user=user, action=action, request=request)
    except REFUSALS as error:
        messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, "Action marked done.")
    return HttpResponseRedirect(supervision_url(action.supervision) + "#actions")

"""Staff pages for a family's feedback: asking for it (a card with the link and a QR code), typing answers given
with a worker or on paper, reading named answers on the case, and acting on a child's safety answer."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from casemap.access.models import AccessAction
from casemap.access.policy import READ_ONLY_ROLES, get_case_for_user, visible_case
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.core.forms import show_refusal
from casemap.feedback.forms import EnteredAnswersForm, InviteForm, SafetyTaskDoneForm
from casemap.feedback.models import PrivacyMode, Response, SafetyTask, Survey
from casemap.feedback.selectors import (
    case_due,
    case_invitations,
    case_named_responses,
    case_safety_tasks,
    family_surveys,
)
from casemap.feedback.services import current_version, invitation_create, response_enter, safety_task_done
from casemap.people.models import Person


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _case_people(case: Case) -> QuerySet[Person]:
    return Person.objects.filter(case_memberships__case=case).order_by("-is_child", "first_name", "pk")


def _case_to_ask_from(user: User, case_id: int) -> Case:
    case = get_case_for_user(user, case_id)
    if user.role in READ_ONLY_ROLES:
        raise Http404("Feedback is asked for by the people working with the family")
    return case


def _log_view(request: HttpRequest, user: User, case: Case, people: list[Person | None], record_id: str) -> None:
    access_log_append_each(
        user=user, action=AccessAction.VIEW, record_type="feedback", record_id=record_id, people=people or [None],
        request=request,
    )  # fmt: skip


def case_feedback(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, case_id)
    responses = list(case_named_responses(case))
    tasks = list(case_safety_tasks(case))
    _log_view(request, user, case, list({r.person for r in responses} | {t.person for t in tasks}), f"case {case.pk}")
    context = {
        "case": case,
        "responses": responses,
        "invitations": case_invitations(case),
        "open_tasks": [task for task in tasks if task.done_at is None],
        "done_tasks": [task for task in tasks if task.done_at is not None],
        "may_ask": user.role not in READ_ONLY_ROLES,
        "due": case_due(case) if user.role not in READ_ONLY_ROLES else [],
        "today": timezone.localdate(),
    }
    return render(request, "feedback/case_feedback.html", context)


def qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def invite(request: HttpRequest, case_id: int) -> HttpResponse:
    """Choose who to ask and which survey; the card with the link is shown once, to print or hand over."""
    user = _user(request)
    case = _case_to_ask_from(user, case_id)
    form = InviteForm(request.POST or None, surveys=family_surveys(), people=_case_people(case))
    if request.method == "POST" and form.is_valid():
        survey, person = form.cleaned_data["survey"], form.cleaned_data["person"]
        try:
            token = invitation_create(acting_user=user, case=case, survey=survey, person=person, request=request)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            link = request.build_absolute_uri(reverse("feedback:link", args=[token]))
            context = {
                "case": case,
                "survey": survey,
                "person": person,
                "link": link,
                "qr_data_uri": qr_data_uri(link),
                "authority_name": settings.AUTHORITY_NAME,
                "days": settings.FEEDBACK_LINK_DAYS,
            }
            return render(request, "feedback/card.html", context)
    context = {
        "form": form,
        "case": case,
        "heading": "Ask for feedback",
        "button": "Make the feedback card",
        "back_url": reverse("feedback:case", args=[case.pk]),
    }
    return render(request, "feedback/choose_page.html", context)


def enter_choose(request: HttpRequest, case_id: int) -> HttpResponse:
    """Which survey and whose answers, before the questions: the questions depend on the survey."""
    user = _user(request)
    case = _case_to_ask_from(user, case_id)
    form = InviteForm(request.GET or None, surveys=family_surveys(), people=_case_people(case))
    if request.GET and form.is_valid():
        person = form.cleaned_data["person"]
        query = f"?person={person.pk}" if person is not None else ""
        return HttpResponseRedirect(reverse("feedback:enter", args=[case.pk, form.cleaned_data["survey"].pk]) + query)
    context = {
        "form": form,
        "case": case,
        "heading": "Type in answers given with you or on paper",
        "button": "Continue",
        "back_url": reverse("feedback:case", args=[case.pk]),
        "method": "get",
    }
    return render(request, "feedback/choose_page.html", context)


def _chosen(request: HttpRequest, case: Case, survey_id: int) -> tuple[Survey, Person | None]:
    survey = family_surveys().filter(pk=survey_id).first()
    if survey is None:
        raise Http404("Choose a survey")
    person_id = request.GET.get("person")
    person = _case_people(case).filter(pk=person_id).first() if person_id else None
    if person_id and person is None:
        raise Http404("Choose someone on this family's record")
    return survey, person


def enter(request: HttpRequest, case_id: int, survey_id: int) -> HttpResponse:
    user = _user(request)
    case = _case_to_ask_from(user, case_id)
    survey, person = _chosen(request, case, survey_id)
    try:
        version = current_version(survey)
    except ValidationError as error:
        raise Http404(error.messages[0]) from None
    form = EnteredAnswersForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            response_enter(
                acting_user=user, case=case, survey=survey, person=person, channel=form.cleaned_data["channel"],
                given_on=form.cleaned_data["given_on"], given=form.answers(), request=request,
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            said = {
                PrivacyMode.NAMED: "The answers are saved on the family's record.",
                PrivacyMode.CONFIDENTIAL: "The answers are saved for analysis; they are not shown on the record.",
                PrivacyMode.ANONYMOUS: "The answers are saved without anything that says who gave them.",
            }[PrivacyMode(survey.privacy)]
            messages.success(request, said)
            return HttpResponseRedirect(reverse("feedback:case", args=[case.pk]))
    context = {
        "form": form,
        "case": case,
        "survey": survey,
        "person": person,
        "heading": survey.name,
        "back_url": reverse("feedback:enter-choose", args=[case.pk]),
    }
    return render(request, "feedback/enter.html", context)


def response_detail(request: HttpRequest, response_id: int) -> HttpResponse:
    """A named response, for whoever may see the case. Confidential and anonymous ones are never shown one by one."""
    user = _user(request)
    response = (
        Response.objects.filter(visible_case(user, "case"), version__survey__privacy=PrivacyMode.NAMED)
        .select_related("person", "case", "version__survey", "entered_by")
        .filter(pk=response_id)
        .first()
    )
    if response is None:
        raise Http404("No feedback found")
    _log_view(request, user, response.case, [response.person], f"response {response.pk}")  # type: ignore[arg-type]
    answers = response.answers.select_related("question").order_by("question__position")
    return render(request, "feedback/response_detail.html", {"response": response, "answers": answers})


def safety_task_done_view(request: HttpRequest, task_id: int) -> HttpResponse:
    user = _user(request)
    task = (
        SafetyTask.objects.filter(visible_case(user, "case"))
        .select_related("case", "person")
        .filter(pk=task_id)
        .first()
    )
    if task is None or user.role in READ_ONLY_ROLES:
        raise Http404("No task found")
    form = SafetyTaskDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            safety_task_done(
                acting_user=user, task=task, what_was_done=form.cleaned_data["what_was_done"], request=request
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Marked done: what was done for {task.person.first_name} is on the record.")
            return HttpResponseRedirect(reverse("feedback:case", args=[task.case_id]))
    context = {
        "form": form,
        "task": task,
        "heading": f"{task.person.full_name} said they may not be safe",
        "button": "Mark as done",
        "back_url": reverse("feedback:case", args=[task.case_id]),
    }
    return render(request, "feedback/task_done.html", context)

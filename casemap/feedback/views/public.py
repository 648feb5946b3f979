"""The respondent's pages: no account, one link, one set of answers.

The link's token arrives in the address, is moved into the session at once and the browser is sent on to an
address without it, so it is not kept in the browser's history or sent on as a referrer; the application's
request logs write the link's address with the token cut out (`casemap.feedback.logging`). Nothing on these pages
says anything about the family's case.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casemap.core.forms import show_refusal
from casemap.feedback.forms import AnswersForm
from casemap.feedback.links import address_may_try
from casemap.feedback.models import Audience, PrivacyMode
from casemap.feedback.services import OpenLink, link_count_attempt, open_link, response_submit_by_link

SESSION_LINK = "feedback_link"
SESSION_DONE = "feedback_done"


def _problem_page(request: HttpRequest, message: str, status: int = 200) -> HttpResponse:
    return render(request, "feedback/link_problem.html", {"message": message}, status=status)


def _limited_page(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/limited.html", status=429)


@login_not_required
@require_http_methods(["GET", "HEAD"])
def link_arrive(request: HttpRequest, token: str) -> HttpResponse:
    """Where the printed link and QR code lead: keep the token in the session and drop it from the address."""
    if not address_may_try(request):
        return _limited_page(request)
    request.session[SESSION_LINK] = token
    request.session.pop(SESSION_DONE, None)
    return HttpResponseRedirect(reverse("feedback:answer"), status=303)


def _privacy_words(link: OpenLink) -> str:
    return {
        PrivacyMode.NAMED: "Your answers will be kept on your family's record. Your worker and their team will read "
        "them.",
        PrivacyMode.CONFIDENTIAL: "Your answers are kept for us to learn from. Your worker and their team will not "
        "read them.",
        PrivacyMode.ANONYMOUS: "Your answers are anonymous. Once you send them, nothing we keep says who gave them.",
    }[PrivacyMode(link.version.survey.privacy)]


def _answer_page(request: HttpRequest, link: OpenLink, form: AnswersForm) -> HttpResponse:
    survey = link.version.survey
    context = {
        "form": form,
        "version": link.version,
        "survey": survey,
        "for_child": survey.audience == Audience.CHILD,
        "privacy_words": _privacy_words(link),
        "anonymous": survey.is_anonymous,
        "has_safety_question": any(question.alert_answers for question in form.questions),
        "authority_name": settings.AUTHORITY_NAME,
    }
    return render(request, "feedback/answer.html", context)


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest) -> HttpResponse:
    token = request.session.get(SESSION_LINK)
    if not token:
        if request.session.get(SESSION_DONE):
            return HttpResponseRedirect(reverse("feedback:thank-you"))
        return _problem_page(request, "Open the link you were given, or scan the code on your card.", status=400)
    if request.method == "POST":
        if not address_may_try(request):
            return _limited_page(request)
        link_count_attempt(token)
    try:
        link = open_link(token)
    except ValidationError as error:
        request.session.pop(SESSION_LINK, None)
        return _problem_page(request, error.messages[0])
    if request.method != "POST":
        return _answer_page(request, link, AnswersForm(version=link.version))
    form = AnswersForm(request.POST, version=link.version)
    if form.is_valid():
        try:
            response = response_submit_by_link(token=token, given=form.answers())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            request.session.pop(SESSION_LINK, None)
            request.session[SESSION_DONE] = {
                "anonymous": link.version.survey.is_anonymous,
                "alerted": hasattr(response, "safety_task"),
            }
            return HttpResponseRedirect(reverse("feedback:thank-you"), status=303)
    return _answer_page(request, link, form)


@login_not_required
def thank_you(request: HttpRequest) -> HttpResponse:
    done = request.session.get(SESSION_DONE)
    if not done:
        return _problem_page(request, "Open the link you were given, or scan the code on your card.", status=400)
    return render(request, "feedback/thank_you.html", {"done": done})

"""The respondent's pages: no account, one link, one set of answers.

The link's token arrives in the address, is moved into the session at once and the browser is sent on to an
address without it, so it is not kept in the browser's history or sent on as a referrer; the application's
request logs write the link's address with the token cut out (`casemap.feedback.logging`). Nothing on these pages
says anything about the family's case.
"""

import contextlib
import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from casemap.core.forms import show_refusal
from casemap.feedback.forms import AnswersForm, introduction_words
from casemap.feedback.links import address_may_try
from casemap.feedback.models import Audience, PrivacyMode, SurveyVersion
from casemap.feedback.services import OpenLink, link_count_attempt, open_link, response_submit_by_link

SESSION_LINK = "feedback_link"
SESSION_DONE = "feedback_done"
SESSION_LANGUAGE = "feedback_language"
# Why the link could not be used, in English, so the page can say it again in another language once the token
# has gone from the session.
SESSION_PROBLEM = "feedback_problem"

OPEN_YOUR_LINK = _("Open the link you were given, or scan the code on your card.")


def _html_lang(code: str) -> str:
    """Django's "en-gb" as HTML writes it, "en-GB"."""
    language, *rest = code.split("-")
    return "-".join([language, *(part.upper() if len(part) == 2 else part.title() for part in rest)])


def _chosen_language(request: HttpRequest) -> str:
    """The language picked on these pages (`?lang=cy`, kept in the session), else the browser's, else English."""
    asked = request.GET.get("lang", "").strip().lower()
    if asked:
        with contextlib.suppress(LookupError):  # a language not offered is ignored
            request.session[SESSION_LANGUAGE] = translation.get_supported_language_variant(asked)
    kept = request.session.get(SESSION_LANGUAGE)
    if kept in dict(settings.LANGUAGES):
        return kept
    return translation.get_language_from_request(request)


def _in_chosen_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Renders the view in the respondent's language. Only for these pages: without LocaleMiddleware the rest of
    the site stays in English, and `override` puts English back when the page is done."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = _chosen_language(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Accept-Language"])
        response.headers.setdefault("Content-Language", language)
        return response

    return wrapped


def _render(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    current = translation.get_language()
    languages = [
        {"code": code, "name": name, "html_lang": _html_lang(code), "current": code == current}
        for code, name in settings.LANGUAGES
    ]
    return render(
        request, template, {**(context or {}), "languages": languages, "html_lang": _html_lang(current)}, status=status
    )


def _problem_page(request: HttpRequest, message: str, status: int = 200) -> HttpResponse:
    return _render(request, "feedback/link_problem.html", {"message": message}, status=status)


def _limited_page(request: HttpRequest) -> HttpResponse:
    return _render(request, "feedback/limited.html", status=429)


@login_not_required
@require_http_methods(["GET", "HEAD"])
@_in_chosen_language
def link_arrive(request: HttpRequest, token: str) -> HttpResponse:
    """Where the printed link and QR code lead: keep the token in the session and drop it from the address."""
    if not address_may_try(request):
        return _limited_page(request)
    request.session[SESSION_LINK] = token
    request.session.pop(SESSION_DONE, None)
    request.session.pop(SESSION_PROBLEM, None)
    return HttpResponseRedirect(reverse("feedback:answer"), status=303)


def _privacy_words(link: OpenLink) -> str:
    return {
        PrivacyMode.NAMED: gettext(
            "Your answers will be kept on your family's record. Your worker and their team will read them."
        ),
        PrivacyMode.CONFIDENTIAL: gettext(
            "Your answers are kept for us to learn from. Your worker and their team will not read them."
        ),
        PrivacyMode.ANONYMOUS: gettext(
            "Your answers are anonymous. Once you send them, nothing we keep says who gave them."
        ),
    }[PrivacyMode(link.version.survey.privacy)]


def _questions_html(form: AnswersForm, version: SurveyVersion, for_child: bool) -> str:
    """The questions as the form shows them. Unanswered, they depend only on the published version (which never
    changes) and the language, and drawing eight sets of radios is most of the page's time: drawn once and kept.
    Answers sent back with a problem are drawn as they are."""
    context = {"form": form, "for_child": for_child}
    if form.is_bound or version.published_at is None:
        return render_to_string("feedback/_answer_questions.html", context)
    # The time it was published as well as its id: a version is never published twice.
    published = version.published_at.isoformat()
    key = f"casemap:blank-answers:{version.pk}:{published}:{translation.get_language()}:{for_child}"
    html: str | None = cache.get(key)
    if html is None:
        html = render_to_string("feedback/_answer_questions.html", context)
        cache.set(key, html, timeout=24 * 60 * 60)
    return mark_safe(html)  # noqa: S308  # rendered by the template above, escaped there


def _answer_page(request: HttpRequest, link: OpenLink, form: AnswersForm) -> HttpResponse:
    survey = link.version.survey
    for_child = survey.audience == Audience.CHILD
    context = {
        "form": form,
        "questions": _questions_html(form, link.version, for_child),
        "version": link.version,
        "introduction": introduction_words(link.version),
        "survey": survey,
        # The survey's name is the authority's, in English: another language's title is the page's heading.
        "title": survey.name if translation.get_language() == settings.LANGUAGE_CODE else None,
        "for_child": for_child,
        "privacy_words": _privacy_words(link),
        "anonymous": survey.is_anonymous,
        "has_safety_question": any(question.alert_answers for question in form.questions),
        "authority_name": settings.AUTHORITY_NAME,
    }
    return _render(request, "feedback/answer.html", context)


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
@_in_chosen_language
def answer(request: HttpRequest) -> HttpResponse:
    token = request.session.get(SESSION_LINK)
    if not token:
        if request.session.get(SESSION_DONE):
            return HttpResponseRedirect(reverse("feedback:thank-you"))
        if problem := request.session.get(SESSION_PROBLEM):
            return _problem_page(request, gettext(problem))
        return _problem_page(request, str(OPEN_YOUR_LINK), status=400)
    if request.method == "POST":
        if not address_may_try(request):
            return _limited_page(request)
        link_count_attempt(token)
    try:
        link = open_link(token)
    except ValidationError as error:
        request.session.pop(SESSION_LINK, None)
        with translation.override(None):
            request.session[SESSION_PROBLEM] = error.messages[0]
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
@_in_chosen_language
def thank_you(request: HttpRequest) -> HttpResponse:
    done = request.session.get(SESSION_DONE)
    if not done:
        return _problem_page(request, str(OPEN_YOUR_LINK), status=400)
    return _render(request, "feedback/thank_you.html", {"done": done})

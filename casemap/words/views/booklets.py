"""Booklet pages: a case's booklets, a child's booklets and explanations, starting a booklet, one booklet with its
pages, parents' views and givings, its versions, starting a new version and archiving."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casemap.access.models import AccessAction
from casemap.access.policy import can_add_to_case, get_case_for_user, get_person_for_user
from casemap.access.services import access_log_append_each
from casemap.cases.selectors import case_children
from casemap.core.forms import StaleEditError, VersionForm
from casemap.handoffs.selectors import is_signed_off
from casemap.people.models import Person
from casemap.voice.selectors import child_cases_to_add_to
from casemap.words import services
from casemap.words.forms import ArchiveForm, BookletForm
from casemap.words.models import BookletStatus, WordsAndPicturesBooklet
from casemap.words.selectors import (
    booklet_versions,
    case_booklets,
    child_booklets,
    child_explanation_records,
    explanation_for_child,
    get_booklet_for_user,
)
from casemap.words.views.coach import page_hints
from casemap.words.views.common import changeable_booklet, request_user, show_refusal


def booklet_url(booklet: WordsAndPicturesBooklet) -> str:
    return reverse("words:booklet", args=[booklet.pk])


def _log_view(request: HttpRequest, people: list[Person], record_type: str, record_id: object) -> None:
    access_log_append_each(
        user=request_user(request),
        action=AccessAction.VIEW,
        record_type=record_type,
        record_id=record_id,
        people=people,
        request=request,
    )


def case_list(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request_user(request)
    case = get_case_for_user(user, case_id)
    children = case_children(case)
    _log_view(request, children, "words_booklets", case.pk)
    return render(
        request,
        "words/case_booklets.html",
        {
            "case": case,
            "booklets": case_booklets(user=user, case=case),
            "can_start": can_add_to_case(user, case),
        },
    )


def child_list(request: HttpRequest, person_id: int) -> HttpResponse:
    user = request_user(request)
    child = get_person_for_user(user, person_id)
    if not child.is_child:
        raise Http404("No record found")
    _log_view(request, [child], "words_child", child.pk)
    return render(
        request,
        "words/child_booklets.html",
        {
            "person": child,
            "booklets": child_booklets(user=user, child=child),
            "records": child_explanation_records(user=user, child=child),
            "status": explanation_for_child(user=user, child=child),
            "can_record": bool(child_cases_to_add_to(user=user, child=child)),
        },
    )


@require_http_methods(["GET", "POST"])
def booklet_new(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request_user(request)
    case = get_case_for_user(user, case_id)
    if not can_add_to_case(user, case):
        raise Http404("No case found")
    children = case_children(case)
    initial = {"children": [str(child.pk) for child in children]}
    form = BookletForm(request.POST or None, children=children, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = [child for child in children if str(child.pk) in form.cleaned_data["children"]]
        try:
            booklet = services.booklet_create(
                acting_user=user, case=case, children=chosen, title=form.cleaned_data["title"], request=request
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Booklet started. Add its pages.")
            return HttpResponseRedirect(booklet_url(booklet))
    return render(request, "words/booklet_new.html", {"case": case, "form": form})


def booklet_detail(request: HttpRequest, booklet_id: int) -> HttpResponse:
    user = request_user(request)
    booklet = get_booklet_for_user(user, booklet_id)
    children = list(booklet.children.all())
    _log_view(request, children, "words_booklet", booklet.pk)
    pages = list(booklet.pages.all())
    agreements = list(booklet.agreements.select_related("parent", "recorded_by"))
    can_change = booklet.is_current and can_add_to_case(user, booklet.case)
    context: dict[str, Any] = {
        "booklet": booklet,
        "children": children,
        "pages": [(page, page_hints(page.text)) for page in pages],
        "agreements": agreements,
        "givings": list(booklet.givings.select_related("child", "parent_present", "recorded_by")),
        "can_change": can_change,
        "wording_open": can_change
        and booklet.status == BookletStatus.DRAFT
        and not agreements
        and not is_signed_off(booklet),
        "version_form": VersionForm(initial={"version": booklet.version}),
    }
    return render(request, "words/booklet.html", context)


def history(request: HttpRequest, booklet_id: int) -> HttpResponse:
    booklet = get_booklet_for_user(request_user(request), booklet_id)
    _log_view(request, list(booklet.children.all()), "words_booklet_versions", booklet.pk)
    return render(request, "words/history.html", {"booklet": booklet, "versions": booklet_versions(booklet=booklet)})


@require_http_methods(["GET", "POST"])
def new_version(request: HttpRequest, booklet_id: int) -> HttpResponse:
    booklet = changeable_booklet(request, booklet_id)
    form = VersionForm(request.POST or None, initial={"version": booklet.version})
    if request.method == "POST" and form.is_valid():
        try:
            successor = services.booklet_new_version(
                acting_user=request_user(request),
                booklet=booklet,
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except (StaleEditError, ValidationError) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Version {successor.number} started with the same pages. Change what you need.")
            return HttpResponseRedirect(booklet_url(successor))
    return render(request, "words/new_version.html", {"booklet": booklet, "form": form})


@require_http_methods(["GET", "POST"])
def archive(request: HttpRequest, booklet_id: int) -> HttpResponse:
    booklet = changeable_booklet(request, booklet_id)
    form = ArchiveForm(request.POST or None, initial={"version": booklet.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.booklet_archive(
                acting_user=request_user(request),
                booklet=booklet,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except (StaleEditError, ValidationError) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Booklet archived")
            return HttpResponseRedirect(reverse("words:case", args=[booklet.case_id]))
    return render(request, "words/archive.html", {"booklet": booklet, "form": form})

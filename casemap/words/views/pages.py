"""A draft's pages: adding, changing, removing and moving up or down (plain forms, so no JavaScript is needed). A new
page can start from the words of the case's latest map, for the worker to rewrite in the children's words."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_each
from casemap.core.forms import OUT_OF_DATE_MESSAGE, StaleEditError, VersionForm, posted_version
from casemap.words import services
from casemap.words.forms import PageForm
from casemap.words.models import BookletPage, BookletStatus, WordsAndPicturesBooklet
from casemap.words.selectors import MapToStartFrom, booklet_drawings, map_words_to_start_from
from casemap.words.views.coach import page_hints
from casemap.words.views.common import changeable_booklet, request_user, show_refusal


def _pages_url(booklet: WordsAndPicturesBooklet, page: BookletPage | None = None) -> str:
    return reverse("words:booklet", args=[booklet.pk]) + (f"#page-{page.pk}" if page else "#pages")


def _fixed_notice(request: HttpRequest, booklet: WordsAndPicturesBooklet) -> HttpResponse | None:
    """Opening a page's form when the words of this version are fixed: back to the booklet, saying why. (A save
    sent anyway is refused by the service, and what was typed stays on the form.)"""
    if request.method != "GET" or (booklet.status == BookletStatus.DRAFT and not booklet.agreements.exists()):
        return None
    messages.info(request, "The words of this version are fixed. To change them, start a new version.")
    return HttpResponseRedirect(_pages_url(booklet))


def _map_words_offered(request: HttpRequest, booklet: WordsAndPicturesBooklet) -> MapToStartFrom | None:
    """The words of the case's latest map, offered to start a new page from; showing them is a view of the map,
    logged against the children the booklet is for."""
    map_words = map_words_to_start_from(user=request_user(request), case=booklet.case)
    if map_words is not None:
        access_log_append_each(
            user=request_user(request),
            action=AccessAction.VIEW,
            record_type="map",
            record_id=map_words.map_id,
            detail=f"words offered for booklet {booklet.pk}",
            people=list(booklet.children.all()),
            request=request,
        )
    return map_words


def _page(booklet: WordsAndPicturesBooklet, page_id: int) -> BookletPage:
    page = booklet.pages.filter(pk=page_id).first()
    if page is None:
        raise Http404("No page found")
    page.booklet = booklet
    return page


@require_http_methods(["GET", "POST"])
def page_edit(request: HttpRequest, booklet_id: int, page_id: int | None = None) -> HttpResponse:
    booklet = changeable_booklet(request, booklet_id)
    page = _page(booklet, page_id) if page_id is not None else None
    if fixed := _fixed_notice(request, booklet):
        return fixed
    map_words = None if page else _map_words_offered(request, booklet)
    started_from = map_words.chosen(request.GET.get("from", "")) if map_words else None
    starting = page or started_from  # the page's own words, or the map's to rewrite
    initial = {
        "version": booklet.version,
        "heading": starting.heading if starting else "",
        "text": starting.text if starting else "",
        "picture_description": page.picture_description if page else "",
    }
    drawings = booklet_drawings(user=request_user(request), booklet=booklet)
    bound = request.method == "POST"
    form = PageForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        initial=initial,
        has_picture=bool(page and page.picture_id),
        drawings=drawings,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        picture_name = getattr(request.FILES.get("picture"), "name", "") or ""
        drawing = next((d for d in drawings if str(d.pk) == data.get("drawing")), None)
        try:
            if page is None:
                page = services.page_add(
                    acting_user=request_user(request),
                    booklet=booklet,
                    expected_version=data["version"],
                    heading=data["heading"],
                    text=data["text"],
                    picture=data["picture"],
                    drawing=drawing,
                    picture_name=picture_name,
                    picture_description=data["picture_description"],
                    request=request,
                )
            else:
                services.page_change(
                    acting_user=request_user(request),
                    page=page,
                    expected_version=data["version"],
                    heading=data["heading"],
                    text=data["text"],
                    picture=data["picture"],
                    drawing=drawing,
                    picture_name=picture_name,
                    picture_description=data["picture_description"],
                    remove_picture=bool(data.get("remove_picture")),
                    request=request,
                )
        except (StaleEditError, ValidationError) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Page saved")
            return HttpResponseRedirect(_pages_url(booklet, page))
    text = str((form.data if form.is_bound else form.initial).get("text") or "")
    return render(
        request,
        "words/page_form.html",
        {
            "booklet": booklet,
            "page": page,
            "form": form,
            "coach": page_hints(text),
            "map_words": map_words,
            "started_from": started_from,
        },
    )


@require_http_methods(["GET", "POST"])
def page_remove(request: HttpRequest, booklet_id: int, page_id: int) -> HttpResponse:
    booklet = changeable_booklet(request, booklet_id)
    page = _page(booklet, page_id)
    if fixed := _fixed_notice(request, booklet):
        return fixed
    form = VersionForm(request.POST or None, initial={"version": booklet.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.page_remove(
                acting_user=request_user(request),
                page=page,
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except (StaleEditError, ValidationError) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Page removed")
            return HttpResponseRedirect(_pages_url(booklet))
    return render(request, "words/page_remove.html", {"booklet": booklet, "page": page, "form": form})


@require_POST
def page_move(request: HttpRequest, booklet_id: int, page_id: int) -> HttpResponse:
    """The up and down buttons on the booklet page. A refusal (a stale page, or wording already agreed) is shown
    as a message on the booklet, where the pages are as they are now."""
    booklet = changeable_booklet(request, booklet_id)
    page = _page(booklet, page_id)
    version = posted_version(request.POST)
    if version is None:
        messages.error(request, OUT_OF_DATE_MESSAGE)
        return HttpResponseRedirect(_pages_url(booklet, page))
    try:
        services.page_move(
            acting_user=request_user(request),
            page=page,
            expected_version=version,
            direction=request.POST.get("direction", ""),
            request=request,
        )
    except StaleEditError as error:
        messages.error(
            request,
            f"{error.modified_by} changed this booklet while you were looking at it, so the page was not moved. "
            "Check the pages as they are now, then try again.",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(_pages_url(booklet, page))

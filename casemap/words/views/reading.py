"""The child's copy of a booklet: a page to print from the browser, and a PDF. Both go in the access log."""

from django.http import Http404, HttpRequest, HttpResponse

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_each
from casemap.core.files import stored_file_response
from casemap.core.models import StoredFile
from casemap.words.selectors import get_booklet_for_user, get_booklet_page_for_user
from casemap.words.views.common import request_user


def booklet_print(request: HttpRequest, booklet_id: int) -> HttpResponse:
    from casemap.words.document import booklet_document_html

    booklet = get_booklet_for_user(request_user(request), booklet_id)
    access_log_append_each(
        user=request_user(request),
        action=AccessAction.PRINT,
        record_type="words_booklet",
        record_id=booklet.pk,
        detail=f"print version {booklet.number}",
        people=list(booklet.children.all()),
        request=request,
    )
    return HttpResponse(booklet_document_html(booklet))


def booklet_pdf(request: HttpRequest, booklet_id: int) -> HttpResponse:
    from casemap.words.document import booklet_document_pdf

    booklet = get_booklet_for_user(request_user(request), booklet_id)
    pdf = booklet_document_pdf(booklet)
    access_log_append_each(
        user=request_user(request),
        action=AccessAction.EXPORT,
        record_type="words_booklet",
        record_id=booklet.pk,
        detail=f"PDF version {booklet.number}",
        people=list(booklet.children.all()),
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="words-and-pictures-{booklet.case_id}-v{booklet.number}.pdf"'
    )
    return response


def page_picture(request: HttpRequest, page_id: int) -> HttpResponse:
    """A page's picture, for anyone who may see the booklet's children; 404 for everyone else."""
    page = get_booklet_page_for_user(request_user(request), page_id)
    if page.picture_id is None:
        raise Http404("No picture found")
    access_log_append_each(
        user=request_user(request),
        action=AccessAction.VIEW,
        record_type="words_booklet_picture",
        record_id=page.pk,
        detail=f"booklet {page.booklet_id}",
        people=list(page.booklet.children.all()),
        request=request,
    )
    picture = StoredFile.objects.get(pk=page.picture_id)
    return stored_file_response(picture, filename=f"words-and-pictures-{page.booklet_id}-page-{page.position}")

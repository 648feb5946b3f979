"""The child's copy of a booklet: a page to print from the browser, and a PDF. Both go in the access log."""

from django.http import HttpRequest, HttpResponse

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_each
from casemap.words.selectors import get_booklet_for_user
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

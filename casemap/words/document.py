"""The booklet as the child's copy: a cover, then one page of the booklet to each printed page, with the picture
above the words in large type, and the version and date at the foot. The same HTML prints from the browser and
becomes the PDF (through `casemap.core.documents`, which fetches nothing), with the pictures embedded as data."""

import base64
from typing import Any

from django.urls import reverse
from django.utils import timezone

from casemap.core.documents import document_html, document_pdf
from casemap.words.models import BookletPage, WordsAndPicturesBooklet

STYLESHEET = "css/words-booklet.css"
TEMPLATE = "words/booklet_document.html"


def _picture_source(page: BookletPage, *, embed: bool) -> str:
    """The address of a page's picture: the authorised picture view on screen, the bytes themselves in a PDF."""
    picture = page.picture
    if picture is None:
        return ""
    if not embed:
        return reverse("words:picture", args=[page.pk])
    data = bytes(picture.content)
    return f"data:{picture.content_type};base64,{base64.b64encode(data).decode('ascii')}"


def _names(names: list[str]) -> str:
    """'Darel, Alkira and Jirra'."""
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def booklet_document_context(booklet: WordsAndPicturesBooklet, *, embed: bool) -> dict[str, Any]:
    pages = list(booklet.pages.select_related("picture"))
    return {
        "booklet": booklet,
        "children": _names([child.first_name for child in booklet.children.all()]),
        "pages": [(page, _picture_source(page, embed=embed)) for page in pages],
        "printed_on": timezone.localdate(),
    }


def booklet_document_html(booklet: WordsAndPicturesBooklet, *, for_pdf: bool = False) -> str:
    context = booklet_document_context(booklet, embed=for_pdf)
    return document_html(TEMPLATE, context, stylesheet=STYLESHEET, for_pdf=for_pdf)


def booklet_document_pdf(booklet: WordsAndPicturesBooklet) -> bytes:
    return document_pdf(TEMPLATE, booklet_document_context(booklet, embed=True), stylesheet=STYLESHEET)

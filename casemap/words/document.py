"""The booklet as the child's copy: a cover, then one page of the booklet to each printed page, with the picture
above the words in large type, and the version and date at the foot. The same HTML prints from the browser and
becomes the PDF. The PDF never fetches anything: its styles are inlined and pictures are embedded as data."""

import base64
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from casemap.words.models import BookletPage, WordsAndPicturesBooklet


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


def booklet_document_html(booklet: WordsAndPicturesBooklet, *, inline_css: bool = False) -> str:
    css = Path(finders.find("css/words-booklet.css") or "").read_text() if inline_css else ""
    context = booklet_document_context(booklet, embed=inline_css)
    return render_to_string("words/booklet_document.html", {**context, "inline_css": css})


def no_network_fetcher() -> Any:
    """WeasyPrint's fetcher for the booklet: data addresses only; anything else is refused, never fetched."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def booklet_document_pdf(booklet: WordsAndPicturesBooklet) -> bytes:
    # Imported here: WeasyPrint needs the system's Pango library, which only PDF output uses.
    from weasyprint import HTML

    html = booklet_document_html(booklet, inline_css=True)
    pdf: bytes = HTML(string=html, url_fetcher=no_network_fetcher()).write_pdf()
    return pdf

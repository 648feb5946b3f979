"""Family documents (a map, a safety plan, a Words and Pictures booklet) as a page to print and as a PDF, from
one template and one stylesheet.

The print page links the stylesheet from the static files, as the Content Security Policy allows (no inline
style). The PDF is made by WeasyPrint from the same template; WeasyPrint reads the same stylesheet from the
source tree as a stylesheet object, so the CSS is never put through the template's escaping. WeasyPrint fetches
nothing at all over the network or from disk: its URL fetcher allows only `data:` addresses, so pictures are
embedded in the HTML as data."""

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher


def stylesheet_path(static_path: str) -> Path:
    """The file behind a static path such as 'css/map-document.css', found as the static files finders find it."""
    found = finders.find(static_path)
    if not isinstance(found, str):
        raise ImproperlyConfigured(f"No static file {static_path!r} for a document's stylesheet")
    return Path(found)


def no_network_fetcher() -> "URLFetcher":
    """WeasyPrint's URL fetcher for every document: `data:` addresses only; anything else is refused, never
    fetched."""
    # Imported here: WeasyPrint needs the system's Pango library, which only PDF output uses.
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def document_html(template_name: str, context: dict[str, Any], *, stylesheet: str, for_pdf: bool = False) -> str:
    """The document's HTML. The template links `stylesheet` unless the HTML is for the PDF (`for_pdf`), which
    gets the stylesheet from `document_pdf` instead."""
    return render_to_string(template_name, {**context, "stylesheet": stylesheet, "for_pdf": for_pdf})


def document_pdf(template_name: str, context: dict[str, Any], *, stylesheet: str) -> bytes:
    """The document as PDF bytes: the template rendered for the PDF, styled by `stylesheet` (a static path)."""
    from weasyprint import CSS, HTML

    fetcher = no_network_fetcher()
    css = CSS(string=stylesheet_path(stylesheet).read_text(encoding="utf-8"), url_fetcher=fetcher)
    html = document_html(template_name, context, stylesheet=stylesheet, for_pdf=True)
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[css])
    return pdf

"""A map as a document a family can read: three columns, statements, scales and next steps, with its
version and sign-off. The same HTML prints from the browser and becomes the PDF."""

from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from casemap.mapping.models import Map
from casemap.mapping.snapshot import map_snapshot


def map_document_data(map_: Map) -> dict[str, Any]:
    return map_.snapshot if map_.snapshot and not map_.is_draft else map_snapshot(map_)


def map_document_html(map_: Map, *, inline_css: bool = False) -> str:
    data = map_document_data(map_)
    categories = {category["key"]: category for category in data["categories"]}
    css = Path(finders.find("css/map-document.css") or "").read_text() if inline_css else ""
    return render_to_string(
        "mapping/map_document.html", {"map": map_, "data": data, "categories": categories, "inline_css": css}
    )


def map_document_pdf(map_: Map) -> bytes:
    # Imported here: WeasyPrint needs the system's Pango library, which only PDF output uses.
    from weasyprint import HTML

    pdf: bytes = HTML(string=map_document_html(map_, inline_css=True)).write_pdf()
    return pdf

"""A map as a document a family can read: three columns, statements, scales and next steps, with its
version and sign-off. The same HTML prints from the browser and becomes the PDF."""

from typing import Any

from casemap.core.documents import document_html, document_pdf
from casemap.mapping.models import Map
from casemap.mapping.snapshot import map_data

STYLESHEET = "css/map-document.css"
TEMPLATE = "mapping/map_document.html"


def map_document_context(map_: Map) -> dict[str, Any]:
    data = map_data(map_)  # as signed, or a draft as it is now
    categories = {category["key"]: category for category in data["categories"]}
    return {"map": map_, "data": data, "categories": categories}


def map_document_html(map_: Map, *, for_pdf: bool = False) -> str:
    return document_html(TEMPLATE, map_document_context(map_), stylesheet=STYLESHEET, for_pdf=for_pdf)


def map_document_pdf(map_: Map) -> bytes:
    return document_pdf(TEMPLATE, map_document_context(map_), stylesheet=STYLESHEET)

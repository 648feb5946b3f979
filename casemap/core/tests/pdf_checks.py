"""Read a family document's PDF back as a reader would: the words on each printed page and the fonts embedded,
and what the stylesheet asked for, so a test can compare the PDF with its design."""

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from casemap.core.documents import stylesheet_path


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, with runs of white space made single spaces."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _fonts_in(resources: DictionaryObject, seen: set[int]) -> Iterator[str]:
    if id(resources) in seen:
        return
    seen.add(id(resources))
    fonts = resources.get("/Font")
    for font in fonts.get_object().values() if fonts else ():
        yield str(font.get_object()["/BaseFont"])
    xobjects = resources.get("/XObject")
    for xobject in xobjects.get_object().values() if xobjects else ():
        inner = xobject.get_object().get("/Resources")
        if inner:
            yield from _fonts_in(inner.get_object(), seen)


def embedded_fonts(pdf: bytes) -> set[str]:
    """The /BaseFont names of every font the pages use, without the subset tag ('ABCDEF+LiberationSans-Bold'
    becomes 'LiberationSans-Bold')."""
    names: set[str] = set()
    seen: set[int] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources")
        if resources:
            names.update(name.lstrip("/").split("+")[-1] for name in _fonts_in(resources.get_object(), seen))
    return names


def stylesheet_first_font(static_path: str) -> str:
    """The first family in the stylesheet's first font-family, as it names it ('Liberation Sans')."""
    css = stylesheet_path(static_path).read_text()
    found = re.search(r"font-family:\s*([^;}]+)", css)
    assert found, f"{static_path} names no font"
    return found.group(1).split(",")[0].strip().strip("\"'")


def as_base_font(family: str) -> str:
    """How WeasyPrint names a family in the PDF: 'Liberation Sans' is 'Liberation-Sans' (bold is
    'Liberation-Sans-Bold')."""
    return family.replace(" ", "-")


@contextmanager
def no_weasyprint_complaints(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail if WeasyPrint warns or errs while the block runs: a CSS rule it cannot read, a resource refused."""
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        caplog.clear()
        yield
    complaints = [record.getMessage() for record in caplog.records if record.name.startswith("weasyprint")]
    assert complaints == [], complaints


def assert_designed_pdf(pdf: bytes, *, stylesheet: str, footer: str) -> list[str]:
    """Every page carries the document's footer and 'Page N of M'; the text is set in the stylesheet's font and
    in no other. Returns the page texts for further checks."""
    texts = page_texts(pdf)
    assert texts, "the PDF has no pages"
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text, text
        assert footer in text, text
    family = as_base_font(stylesheet_first_font(stylesheet))
    fonts = embedded_fonts(pdf)
    assert family in fonts and all(font.startswith(family) for font in fonts), fonts
    return texts

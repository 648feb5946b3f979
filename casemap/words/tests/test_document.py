"""The child's copy: a PDF in large type, one page of the booklet to each printed page, the version at the foot,
and nothing fetched from anywhere."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from pypdf import PdfReader

from casemap.conftest import World
from casemap.core.documents import stylesheet_path
from casemap.core.tests.pdf_checks import assert_designed_pdf, no_weasyprint_complaints
from casemap.words.document import booklet_document_html, booklet_document_pdf
from casemap.words.tests.booklets import booklet

pytestmark = pytest.mark.django_db


def test_the_pdf_has_a_cover_then_one_printed_page_per_booklet_page(world: World) -> None:
    made = booklet(world)
    pdf = booklet_document_pdf(made)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(texts) == 3
    assert "Alkira and Darel's story" in texts[0] and "For Alkira and Darel" in texts[0]
    assert "Sally is worried about Alkira and Darel" in texts[1] and "Alkira cut her foot" not in texts[1]
    assert "Alkira cut her foot" in texts[2]
    assert all("version 1" in text for text in texts)


def test_the_pdf_has_its_footer_page_numbers_and_font_and_no_css_errors(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    made = booklet(world)
    with no_weasyprint_complaints(caplog):
        pdf = booklet_document_pdf(made)
    footer = f"Alkira and Darel's story, version 1, {date_format(timezone.localdate(), 'j F Y')}, draft"
    assert len(assert_designed_pdf(pdf, stylesheet="css/words-booklet.css", footer=footer)) == 3


def test_the_print_page_links_the_large_type_stylesheet_and_the_pdf_html_does_not(world: World) -> None:
    made = booklet(world)
    printed = booklet_document_html(made)
    assert '<link rel="stylesheet" href="/static/css/words-booklet.css">' in printed  # the CSP: no inline style
    for_pdf = booklet_document_html(made, for_pdf=True)
    assert "<link" not in for_pdf and "<style" not in for_pdf and "Who is worried?" in for_pdf
    css = stylesheet_path("css/words-booklet.css").read_text()
    assert "font-size: 22pt" in css and "break-after: page" in css


def test_the_download_is_a_pdf_named_by_version(world: World, client_for) -> None:
    made = booklet(world)
    response = client_for(world.worker).get(reverse("words:pdf", args=[made.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert f"words-and-pictures-{world.case.pk}-v1.pdf" in response["Content-Disposition"]

"""The child's copy: a PDF in large type, one page of the booklet to each printed page, the version at the foot,
and nothing fetched from anywhere."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from casemap.conftest import World
from casemap.words.document import booklet_document_html, booklet_document_pdf, no_network_fetcher
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


def test_the_html_that_feeds_the_pdf_has_large_type_inline_and_the_words(world: World) -> None:
    html = booklet_document_html(booklet(world), inline_css=True)
    assert "font-size: 22pt" in html and "break-after: page" in html
    assert "<link" not in html and "Who is worried?" in html


def test_the_pdf_refuses_to_fetch_anything_over_the_network() -> None:
    fetcher = no_network_fetcher()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://example.org/picture.png")
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("file:///etc/hostname")
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"


def test_the_download_is_a_pdf_named_by_version(world: World, client_for) -> None:
    made = booklet(world)
    response = client_for(world.worker).get(reverse("words:pdf", args=[made.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert f"words-and-pictures-{world.case.pk}-v1.pdf" in response["Content-Disposition"]

"""The family's copy of a map as a PDF, set as its stylesheet designs it: A4 landscape, the map's number, version
and sign-off with 'Page N of M' at the foot of every page, in the stylesheet's font, with no CSS WeasyPrint cannot
read."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from casemap.conftest import World
from casemap.core.tests.pdf_checks import assert_designed_pdf, no_weasyprint_complaints
from casemap.mapping.document import map_document_html, map_document_pdf
from casemap.mapping.models import Map
from casemap.mapping.services import item_save, judgement_add, map_sign_off, map_start

pytestmark = pytest.mark.django_db


def signed_map(world: World) -> Map:
    map_ = map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=timezone.localdate())
    item_save(acting_user=world.worker, map_=map_, expected_version=None, category="harm", text="Cut foot")
    judgement_add(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        rater_name="Merinda",
        rater_role="parent",
        score=4,
        reason="Still fighting",
    )
    return map_sign_off(acting_user=world.manager, map_=map_, expected_version=None)


def test_the_map_pdf_has_its_footer_page_numbers_and_font_and_no_css_errors(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    signed = signed_map(world)
    with no_weasyprint_complaints(caplog):
        pdf = map_document_pdf(signed)
    footer = f"Map 1, version {signed.version}, signed off by {world.manager}"
    texts = assert_designed_pdf(pdf, stylesheet="css/map-document.css", footer=footer)
    assert "Cut foot" in texts[0] and "Still fighting" in texts[0]
    first = PdfReader(io.BytesIO(pdf)).pages[0]
    assert first.mediabox.width > first.mediabox.height  # A4 landscape: three columns side by side


def test_the_print_page_links_the_stylesheet_and_the_pdf_html_does_not(world: World) -> None:
    signed = signed_map(world)
    printed = map_document_html(signed)
    assert '<link rel="stylesheet" href="/static/css/map-document.css">' in printed  # the CSP allows no inline style
    for_pdf = map_document_html(signed, for_pdf=True)
    assert "<link" not in for_pdf and "<style" not in for_pdf and "Cut foot" in for_pdf

"""The family's copy of a safety plan as a PDF, set as its stylesheet designs it: the plan's kind, number, version
and sign-off with 'Page N of M' at the foot of every page, in the stylesheet's font, with no CSS WeasyPrint cannot
read."""

import pytest

from casemap.conftest import World
from casemap.core.tests.pdf_checks import assert_designed_pdf, no_weasyprint_complaints
from casemap.safety.document import plan_document_html, plan_document_pdf
from casemap.safety.services.plans import plan_sign_off
from casemap.safety.tests.plan_data import RULE, draft_plan

pytestmark = pytest.mark.django_db


def test_the_plan_pdf_has_its_footer_page_numbers_and_font_and_no_css_errors(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    signed = plan_sign_off(acting_user=world.manager, plan=draft_plan(world, rules=12), expected_version=None)
    with no_weasyprint_complaints(caplog):
        pdf = plan_document_pdf(signed)
    footer = f"{signed.get_kind_display()} {signed.number}, version {signed.version}, signed off by {world.manager}"
    texts = assert_designed_pdf(pdf, stylesheet="safety/plan-document.css", footer=footer)
    assert len(texts) > 1  # twelve rules in large type run onto a second page, numbered on each
    assert RULE in " ".join(texts) and "No one drives the children after a fight." in " ".join(texts)


def test_the_print_page_links_the_stylesheet_and_the_pdf_html_does_not(world: World) -> None:
    plan = draft_plan(world)
    printed = plan_document_html(plan)
    assert '<link rel="stylesheet" href="/static/safety/plan-document.css">' in printed  # the CSP: no inline style
    for_pdf = plan_document_html(plan, for_pdf=True)
    assert "<link" not in for_pdf and "<style" not in for_pdf and RULE in for_pdf

"""Each recipient's copy as a PDF, read back with pypdf for what it must not contain: the parts a family member was
not there for, a restricted report until it is cleared, and any address but the recipient's own."""

import pytest

from casemap.conftest import World
from casemap.core.tests.pdf_checks import assert_designed_pdf, no_weasyprint_complaints, page_texts
from casemap.meetings.documents import STYLESHEET, copy_pdf, distribution_pdf, recipient_copy
from casemap.meetings.models import DistributionChannel, DocumentKind
from casemap.meetings.services import distribution as service
from casemap.meetings.tests.conftest import Enquiries
from casemap.meetings.tests.test_distribution import (
    FATHER_ADDRESS,
    FOSTER_ADDRESS,
    MOTHER_ADDRESS,
    Held,
    draft,
    held_conference,
    prepare,
)
from casemap.people.models import Person

ADDRESSES = (MOTHER_ADDRESS, FATHER_ADDRESS, FOSTER_ADDRESS)


def pdf_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def assert_no_address(text: str, *, except_for: dict[str, str] | None = None) -> None:
    for address in ADDRESSES:
        if address is except_for:
            continue
        for part in (address["address_line_1"], address["postcode"], address["postcode"].replace(" ", "")):
            assert part not in text, part


@pytest.fixture
def held(world: World, enquiries: Enquiries) -> Held:
    return held_conference(world)


def test_a_copy_is_set_as_the_family_documents_are_with_its_footer_and_reading_age(held, caplog):
    letter = draft(held)
    with no_weasyprint_complaints(caplog):
        pdf = copy_pdf(recipient_copy(letter, held.father))
    footer = f"Decision letter, version 1, {held.meeting.reference}: copy for Jason Cooper"
    texts = assert_designed_pdf(pdf, stylesheet=STYLESHEET, footer=footer)
    text = " ".join(texts)
    assert "Dear Jason Cooper" in text and "Alkira will have a child protection plan" in text
    assert "Reading age of this copy: about" in text


def test_a_family_member_excluded_from_the_agency_reports_gets_no_report_text(held):
    record = draft(held, DocumentKind.FULL_RECORD)
    text = pdf_text(copy_pdf(recipient_copy(record, held.mother)))
    assert "Kestrel" not in text and "Marigold" not in text and "Weigh Darel" not in text
    assert "This copy leaves out the parts of the meeting you were not there for" in text
    assert "sad face" in text  # the child's view is there


def test_a_restricted_police_report_is_absent_from_a_family_copy_until_cleared(held):
    record = draft(held, DocumentKind.FULL_RECORD)
    before = pdf_text(copy_pdf(recipient_copy(record, held.father)))
    assert "Kestrel" not in before and "Marigold" in before
    assert "Kestrel" in pdf_text(copy_pdf(recipient_copy(record, held.police)))
    service.report_clear_for_family(
        acting_user=held.world.chair, report=held.police_report, reason="The police agreed it can be shared"
    )
    after = pdf_text(copy_pdf(recipient_copy(record, held.father)))
    assert "Kestrel" in after


def test_no_foster_carer_or_confidential_address_is_in_any_copy(held):
    mother = Person.objects.get(pk=held.mother.person_id)
    service.person_address_confidential_set(
        acting_user=held.world.worker,
        person=mother,
        expected_version=mother.version,
        confidential=True,
        reason="She is in a refuge",
    )
    record = draft(held, DocumentKind.FULL_RECORD)
    for invitee in [*held.meeting.invitees.all(), None]:
        text = pdf_text(copy_pdf(recipient_copy(record, invitee)))
        assert_no_address(text)
        assert "[address withheld]" in text  # the address written into the record's text and the police report
        if invitee is None or invitee.pk != held.foster_carer.pk:
            assert "Hollis" not in text


def test_a_posted_copy_prints_only_the_recipients_own_address_and_never_a_protected_one(held):
    letter = draft(held)
    fathers = prepare(held, letter, held.father)
    text = pdf_text(distribution_pdf(fathers))
    assert "3 Quarry Lane" in text and "NB2 4EF" in text
    assert_no_address(text, except_for=FATHER_ADDRESS)
    carers = prepare(held, letter, held.foster_carer)
    text = pdf_text(distribution_pdf(carers))
    assert_no_address(text)  # a foster carer's address is never printed, even on their own letter
    mother = Person.objects.get(pk=held.mother.person_id)
    service.person_address_confidential_set(
        acting_user=held.world.worker,
        person=mother,
        expected_version=mother.version,
        confidential=True,
        reason="She is in a refuge",
    )
    mothers = prepare(held, letter, held.mother)
    assert mothers.postcode == "NB1 2CD"  # the log keeps where it went
    text = pdf_text(distribution_pdf(mothers))
    assert "Merinda Cooper" in text
    assert_no_address(text)
    by_hand = prepare(held, letter, held.police, DistributionChannel.SECURE_EMAIL)
    assert "pc.jones@police.example" not in pdf_text(distribution_pdf(by_hand))

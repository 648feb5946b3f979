"""The decision letter and the full record of a held conference, each recipient's copy, and sending them safely:
every refusal of the services, in plain words."""

import datetime
import json
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.cases.models import ChronologyEntry
from casemap.conftest import World
from casemap.core.working_days import add_working_days
from casemap.mapping.models import ItemCategory, MapSetting
from casemap.mapping.services import item_save, map_start
from casemap.meetings.documents import documents_panel, recipient_copy
from casemap.meetings.models import (
    AgencyReport,
    Attendance,
    BreachStatus,
    ConferenceDecision,
    ConferenceDocument,
    ConferencePart,
    Dissent,
    Distribution,
    DistributionChannel,
    DocumentKind,
    Invitee,
    InviteeRole,
    Meeting,
    MeetingStatus,
    ShareRestriction,
)
from casemap.meetings.services import distribution as service
from casemap.meetings.services.arranging import attendance_record, invitee_add, meeting_cancel, meeting_conclude
from casemap.meetings.tests.conftest import Enquiries, arrange_initial_conference, next_weekday, quorate
from casemap.people.models import Person, Professional, RelationshipType
from casemap.people.services import family_member_add, person_update

# Words that appear only in one report, so a copy can be searched for them.
POLICE_WORDS = "Kestrel intelligence about Jason's associates"
HEALTH_WORDS = "Marigold clinic appointments were all kept"
MOTHER_ADDRESS = {"address_line_1": "Flat 4, Harbour House", "town": "Northbridge", "postcode": "NB1 2CD"}
FATHER_ADDRESS = {"address_line_1": "3 Quarry Lane", "town": "Northbridge", "postcode": "NB2 4EF"}
FOSTER_ADDRESS = {"address_line_1": "12 Elm Road", "town": "Southport", "postcode": "NB3 9ZZ"}


@dataclass
class Held:
    """A held initial conference about both children, with its record: the mother asked to leave for the agency
    reports, the father there throughout, the children's foster carer, the police and health, and a signed decision
    for each child."""

    world: World
    meeting: Meeting
    mother: Invitee
    father: Invitee
    foster_carer: Invitee
    police: Invitee
    health: Invitee
    worker: Invitee
    police_report: AgencyReport
    health_report: AgencyReport

    def refresh(self) -> Meeting:
        self.meeting = Meeting.objects.get(pk=self.meeting.pk)
        return self.meeting


def held_conference(world: World, day: datetime.date | None = None) -> Held:
    mother = world.mother
    person_update(acting_user=world.worker, person=mother, expected_version=mother.version, **MOTHER_ADDRESS)
    father = family_member_add(
        acting_user=world.worker,
        person=world.child,
        details={
            "first_name": "Jason",
            "last_name": "Cooper",
            "date_of_birth": datetime.date(1988, 2, 3),
            **FATHER_ADDRESS,
        },
        kind=RelationshipType.FATHER,
    )
    carer = family_member_add(
        acting_user=world.worker,
        person=world.child,
        details={
            "first_name": "Jane",
            "last_name": "Hollis",
            "date_of_birth": datetime.date(1970, 7, 9),
            **FOSTER_ADDRESS,
        },
        kind=RelationshipType.FOSTER_CARER,
    )
    meeting = quorate(world, arrange_initial_conference(world, day))
    for person, role in ((mother, InviteeRole.PARENT), (father, InviteeRole.PARENT), (carer, InviteeRole.FOSTER_CARER)):
        meeting.refresh_from_db()
        invitee_add(
            acting_user=world.worker, meeting=meeting, expected_version=meeting.version, person=person, role=role
        )
    invitees = {invitee.name: invitee for invitee in meeting.invitees.all()}
    mother_invitee = invitees[mother.full_name]
    attendance_record(
        acting_user=world.worker,
        invitee=mother_invitee,
        expected_version=mother_invitee.version,
        attendance=Attendance.PRESENT,
        excluded_from=[ConferencePart.AGENCY_REPORTS],
        exclusion_reason="The police report was not yet cleared for sharing",
    )
    for name in (father.full_name, carer.full_name):
        attendance_record(
            acting_user=world.worker,
            invitee=invitees[name],
            expected_version=invitees[name].version,
            attendance=Attendance.PRESENT,
        )
    Professional.objects.filter(name="PC Jones").update(email="pc.jones@police.example")
    meeting.refresh_from_db()
    held_on = timezone.localtime(meeting.starts_at).date()
    meeting_conclude(acting_user=world.chair, meeting=meeting, expected_version=meeting.version, held_on=held_on)
    # The conference record is written by the conference pages; here its rows are made as those pages leave them.
    the_map = map_start(acting_user=world.worker, case=world.case, setting=MapSetting.CONFERENCE, held_on=held_on)
    item_save(
        acting_user=world.worker,
        map_=the_map,
        expected_version=None,
        category=ItemCategory.HARM,
        text="Alkira said her dad hit her mum. She now stays at 12 Elm Road, NB3 9ZZ.",
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        map=the_map, childs_view="Alkira drew her house with a sad face and said she likes her carers' dog."
    )
    police = invitees["PC Jones"]
    health = invitees["Dr Rao"]
    police_report = AgencyReport.objects.create(
        meeting=meeting,
        author=police,
        worries=POLICE_WORDS + ", and that the family moved from 3 Quarry Lane.",
        working_well="Nothing known",
        needs_to_happen="Jason keeps away from the house",
        share_restriction=ShareRestriction.POLICE,
        restriction_reason="An investigation is open",
        created_by=world.worker,
        modified_by=world.worker,
    )
    health_report = AgencyReport.objects.create(
        meeting=meeting,
        author=health,
        worries="Darel's weight has dropped",
        working_well=HEALTH_WORDS,
        needs_to_happen="Weigh Darel each fortnight",
        score=5,
        score_reason="Mum takes them to the doctor",
        created_by=world.worker,
        modified_by=world.worker,
    )
    now = timezone.now()
    for child, plan in ((world.child, True), (world.sibling, False)):
        decision = ConferenceDecision.objects.create(
            meeting=meeting,
            child=child,
            significant_harm=plan,
            needs_plan=plan,
            category="PHY" if plan else "",
            reasons="Alkira was hurt at home" if plan else "Darel is safe at nursery and at home",
            lead_worker=world.worker if plan else None,
            core_group="Mum, Dr Rao, Alkira's school" if plan else "",
            signed_by=world.chair,
            signed_at=now,
            created_by=world.chair,
            modified_by=world.chair,
        )
        if plan:
            Dissent.objects.create(
                decision=decision, invitee=health, reason="Health thinks a plan is not needed", recorded_by=world.chair
            )
    return Held(
        world=world,
        meeting=Meeting.objects.get(pk=meeting.pk),
        mother=Invitee.objects.get(pk=mother_invitee.pk),
        father=invitees[father.full_name],
        foster_carer=invitees[carer.full_name],
        police=police,
        health=health,
        worker=invitees[str(world.worker)],
        police_report=police_report,
        health_report=health_report,
    )


def draft(held: Held, kind: str = DocumentKind.DECISION_LETTER) -> ConferenceDocument:
    return service.document_draft(acting_user=held.world.worker, meeting=held.refresh(), kind=kind)


def prepare(held: Held, document: ConferenceDocument, recipient: Invitee, channel: str = "post") -> Distribution:
    return service.distribution_prepare(
        acting_user=held.world.worker, document=document, recipient=recipient, channel=channel
    )


def release(held: Held, distribution: Distribution, by=None, checked: bool = True) -> Distribution:  # type: ignore[no-untyped-def]
    return service.distribution_release(
        acting_user=by or held.world.teammate,
        distribution=Distribution.objects.get(pk=distribution.pk),
        expected_version=None,
        address_checked=checked,
    )


def address_recorded_days_ago(person: Person, days: int) -> None:
    """As if the person's address had been on their record for `days` days."""
    Person.history.filter(id=person.pk).update(history_date=timezone.now() - datetime.timedelta(days=days))


def copy_text(copy: dict) -> str:  # type: ignore[type-arg]
    return json.dumps(copy)


@pytest.fixture
def held(world: World, enquiries: Enquiries) -> Held:
    return held_conference(world)


# Drafting and versions


def test_documents_are_drafted_only_for_a_held_meeting_with_every_decision_signed(world, enquiries):
    meeting = arrange_initial_conference(world)
    with pytest.raises(ValidationError, match=service.NOT_HELD):
        service.document_draft(acting_user=world.worker, meeting=meeting, kind=DocumentKind.DECISION_LETTER)
    meeting_cancel(acting_user=world.worker, meeting=meeting, expected_version=meeting.version, reason="Moved")
    held = held_conference(world, next_weekday(timezone.localdate() - datetime.timedelta(days=6)))
    ConferenceDecision.objects.filter(meeting=held.meeting, child=world.sibling).update(signed_at=None)
    with pytest.raises(ValidationError, match="Sign the decision for each child before the decision letter"):
        draft(held)
    ConferenceDecision.objects.filter(meeting=held.meeting).update(signed_at=timezone.now())
    draft(held)
    with pytest.raises(ValidationError, match="The decision letter is already drafted"):
        draft(held)
    with pytest.raises(ValidationError, match=service.CHOOSE_KIND):
        draft(held, "minutes")


def test_a_worker_in_another_team_cannot_draft(held):
    with pytest.raises(PermissionDenied):
        service.document_draft(
            acting_user=held.world.other_worker, meeting=held.meeting, kind=DocumentKind.DECISION_LETTER
        )


def test_the_content_is_each_part_in_order_with_reports_tagged_and_decisions_with_dissent(held):
    record = draft(held, DocumentKind.FULL_RECORD)
    sections = record.content["sections"]
    assert [s["part"] for s in sections] == list(ConferencePart.values)
    reports = next(s for s in sections if s["part"] == "agency_reports")["reports"]
    assert {r["agency"]: r["share_restriction"] for r in reports} == {
        "County Police": "police",
        "Riverside Surgery": "",
    }
    decisions = {d["child"]: d for d in next(s for s in sections if s["part"] == "decision")["decisions"]}
    assert decisions["Darel Cooper"]["category"] == "" and decisions["Alkira Cooper"]["category"] == "PHY"
    assert decisions["Alkira Cooper"]["dissents"] == [
        {"name": "Dr Rao", "agency": "Riverside Surgery", "reason": "Health thinks a plan is not needed"}
    ]
    views = next(s for s in sections if s["part"] == "child_and_parents")
    assert "sad face" in views["childs_view"]
    letter = draft(held)
    assert [s["part"] for s in letter.content["sections"]] == ["decision", "plan"]


def test_a_version_keeps_the_records_as_they_were_and_an_amendment_makes_the_next(held):
    letter = draft(held)
    ConferenceDecision.objects.filter(meeting=held.meeting, child=held.world.child).update(
        reasons="Alkira was hurt at home, and told her teacher"
    )
    letter.refresh_from_db()
    assert "told her teacher" not in copy_text(letter.content)
    with pytest.raises(ValidationError) as refused:
        service.document_amend(
            acting_user=held.world.worker, document=letter, amended_after_comment_from=None, note="x"
        )
    assert service.CHOOSE_COMMENTER in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        service.document_amend(
            acting_user=held.world.worker, document=letter, amended_after_comment_from=held.mother, note=" "
        )
    assert service.SAY_WHAT_CHANGED in str(refused.value)
    second = service.document_amend(
        acting_user=held.world.worker,
        document=letter,
        amended_after_comment_from=held.mother,
        note="Added what Alkira told her teacher",
    )
    assert second.number == 2 and "told her teacher" in copy_text(second.content)
    assert recipient_copy(second, held.father)["amended_after_comment_from"] == "Merinda Cooper"
    assert ConferenceDocument.objects.get(pk=letter.pk).content == letter.content  # version 1 is still readable
    with pytest.raises(ValidationError, match="Only the latest version can be amended or sent: this is version 1 of 2"):
        service.document_amend(
            acting_user=held.world.worker, document=letter, amended_after_comment_from=held.mother, note="Again"
        )


# Each recipient's copy


def test_a_family_copy_leaves_out_excluded_parts_and_restricted_reports_until_cleared(held):
    record = draft(held, DocumentKind.FULL_RECORD)
    mother = recipient_copy(record, held.mother)
    assert "agency_reports" not in [s["part"] for s in mother["sections"]]
    assert mother["left_out"] == ["What each service told the meeting"]
    assert "Kestrel" not in copy_text(mother) and "Marigold" not in copy_text(mother)
    father = recipient_copy(record, held.father)
    assert "Marigold" in copy_text(father) and "Kestrel" not in copy_text(father)
    assert father["withheld_reports"] == ["County Police"]
    police = recipient_copy(record, held.police)
    assert "Kestrel" in copy_text(police)
    assert "Not in the family's copies: Police information not yet cleared for sharing" in copy_text(police)

    service.report_clear_for_family(
        acting_user=held.world.chair, report=held.police_report, reason="The police agreed it can be shared"
    )
    assert "Kestrel" in copy_text(recipient_copy(record, held.father))
    assert "Kestrel" not in copy_text(recipient_copy(record, held.mother))  # she was still not there for it


def test_a_family_copy_is_in_plain_words_with_its_reading_age(held):
    letter = draft(held)
    family = recipient_copy(letter, held.father)
    professional = recipient_copy(letter, held.police)
    assert family["plain"] and isinstance(family["reading_age"], int)
    assert professional["reading_age"] is None
    family_text, professional_text = copy_text(family), copy_text(professional)
    assert "Alkira will have a child protection plan" in family_text
    assert "physical abuse (being hurt)" in family_text
    assert "Riverside Surgery did not agree" in family_text
    assert "significant harm" not in family_text
    assert "Suffering, or likely to suffer, significant harm: Yes" in professional_text
    assert "Category: Physical abuse (PHY)" in professional_text


def test_no_copy_shows_an_address_and_a_foster_carer_is_named_only_in_their_own(held):
    record = draft(held, DocumentKind.FULL_RECORD)
    for invitee in [*held.meeting.invitees.all(), None]:
        text = copy_text(recipient_copy(record, invitee))
        for address in (MOTHER_ADDRESS, FATHER_ADDRESS, FOSTER_ADDRESS):
            assert address["address_line_1"] not in text and address["postcode"] not in text, invitee
        assert "[address withheld]" in text
        if invitee is None or invitee.pk != held.foster_carer.pk:
            assert "Jane Hollis" not in text, invitee
    assert "Jane Hollis (Foster carer)" in copy_text(recipient_copy(record, held.foster_carer))


def test_clearing_a_report_is_for_the_chair_or_a_manager_with_a_reason_and_is_logged(held):
    with pytest.raises(PermissionDenied, match=service.ONLY_CHAIR_CLEARS):
        service.report_clear_for_family(acting_user=held.world.worker, report=held.police_report, reason="Agreed")
    with pytest.raises(ValidationError) as refused:
        service.report_clear_for_family(acting_user=held.world.chair, report=held.police_report, reason=" ")
    assert service.SAY_WHY_CLEARED in str(refused.value)
    with pytest.raises(ValidationError, match="This report has no share restriction"):
        service.report_clear_for_family(acting_user=held.world.chair, report=held.health_report, reason="Fine")
    service.report_clear_for_family(acting_user=held.world.manager, report=held.police_report, reason="Agreed")
    with pytest.raises(ValidationError, match="This report was cleared for the family on"):
        service.report_clear_for_family(acting_user=held.world.chair, report=held.police_report, reason="Again")
    assert AccessLogEntry.objects.filter(record_type="agency report", user=held.world.manager).count() == 2
    assert ChronologyEntry.objects.filter(summary__contains="cleared for the family").count() == 2


# Preparing a copy


def test_where_a_copy_goes_is_read_from_the_record_or_refused(held):
    letter = draft(held)
    posted = prepare(held, letter, held.father)
    assert (posted.address_line_1, posted.postcode) == ("3 Quarry Lane", "NB2 4EF")
    emailed = prepare(held, letter, held.police, DistributionChannel.SECURE_EMAIL)
    assert emailed.email == "pc.jones@police.example"
    by_hand = prepare(held, letter, held.mother, DistributionChannel.BY_HAND)
    assert by_hand.address_line_1 == "" and by_hand.email == ""
    refusals = [
        (held.police, "post", "There is no postal address on the record for PC Jones"),
        (held.father, "secure_email", "There is no email address on the record for Jason Cooper"),
        (held.health, "secure_email", "There is no email address on the record for Dr Rao"),
        (held.father, "pigeon", service.CHOOSE_CHANNEL),
        (None, "post", service.CHOOSE_RECIPIENT),
    ]
    for recipient, channel, message in refusals:
        with pytest.raises(ValidationError) as refused:
            prepare(held, letter, recipient, channel)  # type: ignore[arg-type]
        assert message in str(refused.value), message
    child = Person.objects.get(pk=held.world.child.pk)
    no_address = invitee_of_person(held, child)
    with pytest.raises(ValidationError, match="There is no address on Alkira Cooper's record"):
        prepare(held, letter, no_address)


def invitee_of_person(held: Held, person: Person) -> Invitee:
    """Invite the person to another meeting's place in this one: by the ORM, as the meeting is already held."""
    return Invitee.objects.create(
        meeting=held.meeting,
        person=person,
        name=person.full_name,
        role=InviteeRole.CHILD,
        agency_type="family",
        created_by=held.world.worker,
        modified_by=held.world.worker,
    )


def test_a_recipient_from_another_meeting_is_refused(held):
    letter = draft(held)
    elsewhere = Invitee(meeting_id=held.meeting.pk + 1000, name="Someone", role=InviteeRole.PARENT)
    with pytest.raises(ValidationError, match=service.CHOOSE_RECIPIENT):
        prepare(held, letter, elsewhere)


def test_nothing_is_posted_to_someone_elses_confidential_address(held):
    letter = draft(held)
    mother = Person.objects.get(pk=held.mother.person_id)
    service.person_address_confidential_set(
        acting_user=held.world.worker,
        person=mother,
        expected_version=mother.version,
        confidential=True,
        reason="She is in a refuge",
    )
    father = Person.objects.get(pk=held.father.person_id)
    # The mother's address typed onto the father's record (Wakefield): a letter to him must not go there.
    person_update(
        acting_user=held.world.worker,
        person=father,
        expected_version=father.version,
        address_line_1="flat 4,  harbour house",
        postcode="nb12cd",
    )
    with pytest.raises(ValidationError, match=service.ADDRESS_CONFIDENTIAL):
        prepare(held, letter, held.father)
    # A foster carer's address is as protected, confidential or not.
    person_update(
        acting_user=held.world.worker,
        person=Person.objects.get(pk=father.pk),
        expected_version=Person.objects.get(pk=father.pk).version,
        **FOSTER_ADDRESS,
    )
    with pytest.raises(ValidationError, match=service.ADDRESS_CONFIDENTIAL):
        prepare(held, letter, held.father)
    # Her own copy may go to her own address.
    assert prepare(held, letter, held.mother).postcode == "NB1 2CD"


def test_preparing_again_replaces_the_copy_not_yet_released(held):
    letter = draft(held)
    first = prepare(held, letter, held.father)
    second = prepare(held, letter, held.father, DistributionChannel.BY_HAND)
    first.refresh_from_db()
    assert first.archived_at is not None and first.archive_reason == "Prepared again"
    with pytest.raises(ValidationError, match=service.PREPARED_AGAIN):
        release(held, first)
    assert release(held, second).is_released


# Releasing a copy: the second person and the address check


def test_the_author_cannot_release_a_copy_for_anyone_outside_the_authority(held):
    letter = draft(held)  # by the worker
    copy = prepare(held, letter, held.father)
    with pytest.raises(PermissionDenied, match=service.AUTHOR_MAY_NOT_RELEASE):
        release(held, copy, by=held.world.worker)
    for_police = prepare(held, letter, held.police, DistributionChannel.SECURE_EMAIL)
    with pytest.raises(PermissionDenied, match=service.AUTHOR_MAY_NOT_RELEASE):
        release(held, for_police, by=held.world.worker)
    for_staff = prepare(held, letter, held.worker, DistributionChannel.BY_HAND)
    assert release(held, for_staff, by=held.world.worker).released_by == held.world.worker
    released = release(held, copy, by=held.world.teammate)
    assert released.released_by == held.world.teammate


def test_a_worker_in_another_team_cannot_release(held):
    copy = prepare(held, draft(held), held.father)
    with pytest.raises(PermissionDenied):
        release(held, copy, by=held.world.other_worker)


def test_an_address_changed_in_the_last_28_days_is_checked_with_the_family(held):
    letter = draft(held)
    copy = prepare(held, letter, held.father)
    with pytest.raises(ValidationError) as refused:
        release(held, copy, checked=False)
    assert "The address on Jason Cooper's record changed in the last 28 days" in str(refused.value)
    assert refused.value.error_dict.keys() == {"address_checked"}
    released = release(held, copy, checked=True)
    assert released.address_checked_with_family
    # Recorded long ago: no check asked for.
    address_recorded_days_ago(Person.objects.get(pk=held.mother.person_id), 40)
    mothers = prepare(held, letter, held.mother)
    released = release(held, mothers, checked=False)
    assert released.is_released and not released.address_checked_with_family


def test_release_is_refused_when_the_address_changed_since_the_copy_was_prepared(held):
    letter = draft(held)
    copy = prepare(held, letter, held.father)
    father = Person.objects.get(pk=held.father.person_id)
    person_update(
        acting_user=held.world.worker, person=father, expected_version=father.version, address_line_1="5 Quarry Lane"
    )
    with pytest.raises(ValidationError, match=service.ADDRESS_CHANGED):
        release(held, copy)
    father.refresh_from_db()
    person_update(
        acting_user=held.world.worker,
        person=father,
        expected_version=father.version,
        address_line_1="",
        postcode="",
        town="",
    )
    with pytest.raises(ValidationError, match="There is no address on Jason Cooper's record"):
        release(held, copy)


def test_release_is_refused_once_the_address_is_someone_elses_confidential_address(held):
    letter = draft(held)
    father = Person.objects.get(pk=held.father.person_id)
    person_update(acting_user=held.world.worker, person=father, expected_version=father.version, **MOTHER_ADDRESS)
    copy = prepare(held, letter, held.father)
    mother = Person.objects.get(pk=held.mother.person_id)
    service.person_address_confidential_set(
        acting_user=held.world.worker,
        person=mother,
        expected_version=mother.version,
        confidential=True,
        reason="She is in a refuge",
    )
    with pytest.raises(ValidationError, match=service.ADDRESS_CONFIDENTIAL):
        release(held, copy)


def test_release_is_refused_when_the_email_changed_or_the_copy_would_read_differently(held):
    letter = draft(held)
    emailed = prepare(held, letter, held.police, DistributionChannel.SECURE_EMAIL)
    Professional.objects.filter(name="PC Jones").update(email="jones@police.example")
    with pytest.raises(ValidationError, match=service.EMAIL_CHANGED):
        release(held, emailed)
    record = draft(held, DocumentKind.FULL_RECORD)
    fathers = prepare(held, record, held.father, DistributionChannel.BY_HAND)
    service.report_clear_for_family(acting_user=held.world.chair, report=held.police_report, reason="Agreed")
    with pytest.raises(ValidationError, match=service.COPY_CHANGED):
        release(held, fathers)
    again = prepare(held, record, held.father, DistributionChannel.BY_HAND)
    assert "Kestrel" in copy_text(release(held, again).copy)


def test_release_is_refused_twice_and_for_a_version_no_longer_the_latest(held):
    letter = draft(held)
    copy = prepare(held, letter, held.father, DistributionChannel.BY_HAND)
    waiting = prepare(held, letter, held.mother, DistributionChannel.IN_MEETING)
    release(held, copy)
    with pytest.raises(ValidationError, match="This copy was released on"):
        release(held, copy)
    service.document_amend(
        acting_user=held.world.chair, document=letter, amended_after_comment_from=held.father, note="Spelling"
    )
    with pytest.raises(ValidationError, match="Only the latest version can be amended or sent"):
        release(held, waiting)
    with pytest.raises(ValidationError, match="Only the latest version can be amended or sent"):
        prepare(held, letter, held.mother, DistributionChannel.BY_HAND)


def test_every_release_is_in_the_access_log_for_each_child(held):
    copy = prepare(held, draft(held), held.father)
    release(held, copy)
    rows = AccessLogEntry.objects.filter(
        record_type="conference document copy", action=AccessAction.EXPORT, record_id=str(copy.pk)
    )
    assert {row.person_id for row in rows} == {held.world.child.pk, held.world.sibling.pk}
    assert all(row.user_id == held.world.teammate.pk for row in rows)


# Sent in error


def test_a_copy_sent_in_error_opens_a_breach_on_the_timelines_without_its_content(held):
    copy = prepare(held, draft(held), held.father)
    with pytest.raises(ValidationError, match=service.NOT_RELEASED):
        service.distribution_sent_in_error(acting_user=held.world.worker, distribution=copy, what_happened="Lost")
    release(held, copy)
    with pytest.raises(ValidationError) as refused:
        service.distribution_sent_in_error(acting_user=held.world.worker, distribution=copy, what_happened=" ")
    assert service.SAY_WHAT_HAPPENED in str(refused.value)
    breach = service.distribution_sent_in_error(
        acting_user=held.world.worker, distribution=copy, what_happened="Posted to the neighbour at number 5"
    )
    assert breach.status == BreachStatus.OPEN and breach.reported_by == held.world.worker
    entries = ChronologyEntry.objects.filter(source_type="meetings.disclosurebreach", source_id=breach.pk)
    assert {entry.person_id for entry in entries} == {held.world.child.pk, held.world.sibling.pk}
    for entry in entries:
        assert "neighbour" not in entry.summary + entry.detail and "Kestrel" not in entry.summary + entry.detail
        assert entry.summary == "A copy of the decision letter was sent in error: a breach is open"
    with pytest.raises(ValidationError, match=service.ALREADY_REPORTED):
        service.distribution_sent_in_error(acting_user=held.world.worker, distribution=copy, what_happened="Again")
    panel = documents_panel(held.refresh())
    assert panel.open_breaches == [breach]

    with pytest.raises(PermissionDenied, match=service.ONLY_MANAGER_CLOSES):
        service.disclosure_breach_close(
            acting_user=held.world.worker, breach=breach, expected_version=None, what_was_done="Returned"
        )
    closed = service.disclosure_breach_close(
        acting_user=held.world.manager, breach=breach, expected_version=breach.version, what_was_done="Returned"
    )
    assert closed.status == BreachStatus.CLOSED and closed.closed_by == held.world.manager
    with pytest.raises(ValidationError, match="This breach was closed on"):
        service.disclosure_breach_close(
            acting_user=held.world.manager, breach=closed, expected_version=None, what_was_done="Again"
        )


def test_marking_an_address_confidential_needs_a_reason_and_says_so_on_the_timeline(held):
    mother = Person.objects.get(pk=held.mother.person_id)
    with pytest.raises(ValidationError):
        service.person_address_confidential_set(
            acting_user=held.world.worker, person=mother, expected_version=mother.version, confidential=True, reason=""
        )
    service.person_address_confidential_set(
        acting_user=held.world.worker,
        person=mother,
        expected_version=mother.version,
        confidential=True,
        reason="She is in a refuge",
    )
    mother.refresh_from_db()
    assert mother.address_confidential
    entry = ChronologyEntry.objects.get(person=mother, summary="Address marked as confidential")
    assert "Harbour" not in entry.detail


# What is due


def test_the_panel_shows_what_is_due_and_late(world, enquiries):
    long_ago = next_weekday(timezone.localdate() - datetime.timedelta(days=40))
    held = held_conference(world, long_ago)
    panel = documents_panel(held.refresh())
    letter_row, record_row = panel.rows
    assert letter_row.due_on == add_working_days(long_ago, 1) and letter_row.late
    assert record_row.due_on == add_working_days(long_ago, 15) and record_row.late
    copy = prepare(held, draft(held), held.father, DistributionChannel.BY_HAND)
    release(held, copy)
    letter_row = documents_panel(held.refresh()).rows[0]
    assert letter_row.late and letter_row.first_released_at is not None  # sent, but after it was due


def test_the_panel_is_not_shown_before_the_meeting_is_held(world, enquiries):
    meeting = arrange_initial_conference(world)
    assert not meeting.conference_documents.panel().shown
    assert meeting.status == MeetingStatus.ARRANGED

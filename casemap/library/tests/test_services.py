"""The library's services and every refusal: who may nominate, the worker's agreement, the second person's check,
names left in the text, and a change made from an out-of-date page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from casemap.access.models import AccessLogEntry
from casemap.conftest import World, make_case
from casemap.core.forms import StaleEditError
from casemap.library.models import LibraryTool, Nomination, NominationStatus, PracticeChampion
from casemap.library.selectors import is_library_curator, library_waiting, published_examples
from casemap.library.services import (
    NO_CONSENT,
    OWN_CHECK,
    SectionText,
    draft_change,
    inquiry_take,
    nomination_answer,
    nomination_create,
    nomination_publish,
    nomination_resubmit,
    nomination_send_back,
)
from casemap.library.tests.examples import make_champion, nominated_map, signed_map
from casemap.supervision.services.inquiry import inquiry_nominate, inquiry_record

TODAY = timezone.localdate()


def _draft_words(nomination: Nomination) -> dict[int, SectionText]:
    return {s.pk: SectionText(s.pk, s.heading, s.text) for s in nomination.example.sections.all()}


def test_a_champion_nominates_a_map_and_it_waits_for_the_worker(lworld: World) -> None:
    nomination = nominated_map(lworld)
    assert nomination.status == NominationStatus.AWAITING_CONSENT
    assert nomination.worker == lworld.worker and nomination.nominated_by == lworld.teammate
    assert nomination.case == lworld.case and nomination.example.published_at is None
    assert 30 <= abs(nomination.date_shift_days) <= 180
    assert nomination.example.why_good_practice == "The worker's danger statements are in Parent A's own words."
    assert library_waiting(lworld.worker).to_agree == [nomination]
    # Reading the map to build the draft is logged on each child it is about.
    read = AccessLogEntry.objects.filter(user=lworld.teammate, record_type="map", action="view")
    assert {entry.person_id for entry in read} == {lworld.child.pk, lworld.sibling.pk}


def test_the_dates_are_moved_by_the_nominations_own_days(lworld: World) -> None:
    nomination = nominated_map(lworld)
    map_ = nomination.map
    assert map_ is not None
    shifted = map_.held_on + datetime.timedelta(days=nomination.date_shift_days)
    assert nomination.example.happened_in == shifted
    about = nomination.example.sections.get(heading="About this work").text
    assert f"{shifted.day} {shifted:%B %Y}" in about
    assert f"{map_.held_on.day} {map_.held_on:%B %Y}" not in about
    steps = nomination.example.sections.get(heading="Next steps").text
    due = map_.next_steps.get().due_on + datetime.timedelta(days=nomination.date_shift_days)
    assert f"by {due.day} {due:%B %Y}" in steps


def test_a_champion_who_cannot_see_the_record_is_refused(lworld: World) -> None:
    make_champion(lworld.other_worker, lworld.other_team)
    map_ = signed_map(lworld)
    with pytest.raises(PermissionDenied):
        nomination_create(acting_user=lworld.other_worker, source=map_, tool=LibraryTool.MAP)
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("name", ["worker", "manager", "chair", "data_officer", "administrator"])
def test_only_champions_and_practice_leads_nominate(lworld: World, name: str) -> None:
    map_ = signed_map(lworld)
    with pytest.raises(PermissionDenied):
        nomination_create(acting_user=getattr(lworld, name), source=map_, tool=LibraryTool.MAP)
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("name", ["data_officer", "administrator"])
def test_a_read_only_role_never_nominates_even_if_named_a_champion(lworld: World, name: str) -> None:
    user = getattr(lworld, name)
    with pytest.raises(ValidationError, match="cannot be a practice champion"):
        make_champion(user, lworld.team)
    PracticeChampion.objects.create(user=user, team=lworld.team, starts_on=TODAY)  # past the form's check
    assert not is_library_curator(user)
    with pytest.raises(PermissionDenied):
        nomination_create(acting_user=user, source=signed_map(lworld), tool=LibraryTool.MAP)


def test_a_champion_counts_only_between_their_dates(lworld: World) -> None:
    past = make_champion(lworld.worker, lworld.team, starts_on=TODAY - datetime.timedelta(days=100))
    past.ends_on = TODAY - datetime.timedelta(days=1)
    past.save()
    assert not is_library_curator(lworld.worker)
    make_champion(lworld.worker, lworld.team, starts_on=TODAY + datetime.timedelta(days=1))
    assert not is_library_curator(lworld.worker)
    assert is_library_curator(lworld.teammate) and is_library_curator(lworld.practice_lead)


def test_the_same_record_is_nominated_once(lworld: World) -> None:
    nomination = nominated_map(lworld)
    with pytest.raises(ValidationError, match="already in the good-practice library"):
        nomination_create(acting_user=lworld.teammate, source=nomination.map, tool=LibraryTool.DANGER_STATEMENTS)


def test_publishing_without_the_workers_agreement_is_refused(lworld: World) -> None:
    nomination = nominated_map(lworld)
    with pytest.raises(ValidationError, match=NO_CONSENT):
        nomination_publish(acting_user=lworld.practice_lead, nomination=nomination)
    with pytest.raises(PermissionDenied):
        nomination_answer(acting_user=lworld.teammate, nomination=nomination, agrees=True)
    declined = nomination_answer(acting_user=lworld.worker, nomination=nomination, agrees=False, reason="Too soon")
    assert declined.status == NominationStatus.DECLINED and declined.declined_reason == "Too soon"
    with pytest.raises(ValidationError, match=NO_CONSENT):
        nomination_publish(acting_user=lworld.practice_lead, nomination=declined)
    assert not published_examples().exists()


def test_the_nominator_and_the_worker_never_check_their_own(lworld: World) -> None:
    make_champion(lworld.worker, lworld.team)
    nomination = nominated_map(lworld, agreed=True)
    for user in (lworld.teammate, lworld.worker):
        with pytest.raises(PermissionDenied, match=OWN_CHECK):
            nomination_publish(acting_user=user, nomination=nomination)
        with pytest.raises(PermissionDenied):
            nomination_send_back(acting_user=user, nomination=nomination, reason="No")
    with pytest.raises(PermissionDenied):
        nomination_publish(acting_user=lworld.manager, nomination=nomination)  # not a champion or practice lead
    example = nomination_publish(acting_user=lworld.practice_lead, nomination=nomination)
    nomination.refresh_from_db()
    assert example.published_at is not None and nomination.checked_by == lworld.practice_lead
    assert nomination.status == NominationStatus.PUBLISHED


def test_a_stale_change_is_refused(lworld: World) -> None:
    nomination = nominated_map(lworld, agreed=True)
    shown = nomination.version
    words = list(_draft_words(nomination).values())
    draft_change(acting_user=lworld.practice_lead, nomination=nomination, title="A map in the family's words",
                 why_good_practice="", tags=[], sections=words, expected_version=shown)  # fmt: skip
    with pytest.raises(StaleEditError):
        draft_change(acting_user=lworld.teammate, nomination=nomination, title="Another title",
                     why_good_practice="", tags=[], sections=words, expected_version=shown)  # fmt: skip
    with pytest.raises(StaleEditError):
        nomination_publish(acting_user=lworld.practice_lead, nomination=nomination, expected_version=shown)
    nomination.refresh_from_db()
    assert nomination.example.title == "A map in the family's words"


def test_publishing_is_refused_while_a_name_is_left_and_says_where(lworld: World) -> None:
    nomination = nominated_map(lworld, agreed=True)
    words = _draft_words(nomination)
    harm = nomination.example.sections.get(heading="Harm")
    words[harm.pk] = SectionText(harm.pk, "Harm", "Merinda COOPER threw a glass; ALKIRA's foot was cut.")
    draft_change(acting_user=lworld.practice_lead, nomination=nomination, title="Tom's pick: Darel's family",
                 why_good_practice="", tags=[], sections=list(words.values()))  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        nomination_publish(acting_user=lworld.practice_lead, nomination=nomination)
    messages = refused.value.messages
    assert messages[0].startswith("Names from the record are still in the text")
    assert "The title: Darel" in messages
    assert "“Harm”: Merinda COOPER, ALKIRA" in messages
    assert not published_examples().exists()


def test_a_name_added_to_the_record_after_nominating_is_still_caught(lworld: World) -> None:
    from casemap.people.services import person_create

    nomination = nominated_map(lworld, agreed=True)
    # Jirra's name is in the map's words, but not yet on the record: Casemap could not know it.
    assert any("Jirra" in s.text for s in nomination.example.sections.all())
    jirra = person_create(acting_user=lworld.worker, first_name="Jirra", last_name="Cooper", is_child=True,
                          date_of_birth=TODAY - datetime.timedelta(days=1500))  # fmt: skip
    lworld.case.memberships.create(person=jirra, role="child")
    with pytest.raises(ValidationError, match="Jirra"):
        nomination_publish(acting_user=lworld.practice_lead, nomination=nomination)


def test_sent_back_put_right_and_checked_again(lworld: World) -> None:
    nomination = nominated_map(lworld, agreed=True)
    with pytest.raises(ValidationError):
        nomination_send_back(acting_user=lworld.practice_lead, nomination=nomination, reason=" ")
    nomination = nomination_send_back(acting_user=lworld.practice_lead, nomination=nomination,
                                      reason="Take out the car accident")  # fmt: skip
    assert library_waiting(lworld.teammate).sent_back == [nomination]
    with pytest.raises(ValidationError):
        nomination_publish(acting_user=lworld.practice_lead, nomination=nomination)
    with pytest.raises(PermissionDenied):
        nomination_resubmit(acting_user=lworld.practice_lead, nomination=nomination)
    draft_change(acting_user=lworld.teammate, nomination=nomination, title="Fights at home",
                 why_good_practice="", tags=["fights"], sections=list(_draft_words(nomination).values()))  # fmt: skip
    nomination = nomination_resubmit(acting_user=lworld.teammate, nomination=nomination)
    assert nomination.status == NominationStatus.AWAITING_CHECK
    example = nomination_publish(acting_user=lworld.practice_lead, nomination=nomination)
    assert example.title == "Fights at home" and example.tags == ["fights"]


def test_a_workers_own_nominated_inquiry_is_taken_in_already_agreed(lworld: World) -> None:
    inquiry = inquiry_record(
        acting_user=lworld.worker, held_on=TODAY - datetime.timedelta(days=3), case=lworld.case,
        went_well="Alkira Cooper drew her Three Houses with Merinda beside her.", how_made_it_happen="I waited.",
        learning="Let Darel's sister lead.", self_scale=8,
    )  # fmt: skip
    with pytest.raises(Http404):  # not yet nominated by its worker: not offered
        inquiry_take(acting_user=lworld.teammate, inquiry=inquiry)
    inquiry = inquiry_nominate(acting_user=lworld.worker, inquiry=inquiry, consented=True)
    assert library_waiting(lworld.teammate).inquiries == 1
    with pytest.raises(PermissionDenied):  # the worker is no champion or practice lead
        inquiry_take(acting_user=lworld.worker, inquiry=inquiry)
    nomination = inquiry_take(acting_user=lworld.teammate, inquiry=inquiry, why_good_practice="Patient work")
    assert nomination.status == NominationStatus.AWAITING_CHECK and nomination.consented_at == inquiry.nominated_at
    assert nomination.tool == LibraryTool.APPRECIATIVE_INQUIRY and nomination.worker == lworld.worker
    texts = " ".join(s.text for s in nomination.example.sections.all())
    assert "Child B drew her Three Houses with Parent A beside her." in texts
    assert "Child A's sister" in texts
    assert library_waiting(lworld.teammate).inquiries == 0
    example = nomination_publish(acting_user=lworld.practice_lead, nomination=nomination)
    assert example.tool == LibraryTool.APPRECIATIVE_INQUIRY


def test_a_practice_lead_nominates_from_a_case_they_are_assigned(lworld: World) -> None:
    from casemap.access.models import CaseAssignment

    other = make_case(acting=lworld.manager, team=lworld.team, worker=lworld.worker, manager=lworld.manager,
                      surname="Baker")  # fmt: skip
    map_ = signed_map(lworld)
    with pytest.raises(PermissionDenied):
        nomination_create(acting_user=lworld.practice_lead, source=map_, tool=LibraryTool.MAP)
    CaseAssignment.objects.create(case=lworld.case, user=lworld.practice_lead, purpose="Audit",
                                  starts_on=TODAY, assigned_by=lworld.manager)  # fmt: skip
    nomination = nomination_create(acting_user=lworld.practice_lead, source=map_, tool=LibraryTool.DANGER_STATEMENTS)
    headings = [s.heading for s in nomination.example.sections.all()]
    assert "Danger statement 1" in headings and "Harm" not in headings
    assert other.pk != nomination.case_id

"""Case services: each change writes its chronology entries, history and access log in one go."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casemap.access.models import AccessLogEntry
from casemap.cases.models import (
    Allocation,
    Case,
    CaseService,
    ChronologyEntry,
    Episode,
    NoteKind,
    ReferralDecision,
)
from casemap.cases.services import (
    case_allocate,
    case_change_service,
    case_close,
    case_note_add,
    case_note_update,
    referral_decide,
    referral_receive,
)
from casemap.conftest import World
from casemap.core.forms import StaleEditError
from casemap.people.services import person_create

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def new_child(world: World, first_name: str = "Jirra") -> object:
    return person_create(
        acting_user=world.worker,
        first_name=first_name,
        last_name="Cooper",
        is_child=True,
        date_of_birth=TODAY - datetime.timedelta(days=1500),
    )


def test_referral_opens_a_case_with_a_timeline_entry_per_child(world: World) -> None:
    first, second = new_child(world, "Jirra"), new_child(world, "Kiah")
    case = referral_receive(
        acting_user=world.worker,
        children=[first, second],
        team=world.team,
        received_on=TODAY,
        source="3B",
        what_was_reported="Health visitor worried about bruising",
    )
    assert case.service == CaseService.REFERRAL
    assert set(case.members.all()) == {first, second}
    entries = ChronologyEntry.objects.filter(case=case, kind="referral")
    assert {entry.person for entry in entries} == {first, second}
    assert all("health visitor" in entry.summary.lower() for entry in entries)


def test_referral_in_the_future_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="today or in the past"):
        referral_receive(
            acting_user=world.worker,
            children=[new_child(world)],
            team=world.team,
            received_on=TODAY + datetime.timedelta(days=1),
            source="6",
            what_was_reported="x",
        )


def test_no_further_action_closes_the_case_and_the_episode(world: World) -> None:
    child = new_child(world)
    case = referral_receive(
        acting_user=world.worker,
        children=[child],
        team=world.team,
        received_on=TODAY,
        source="6",
        what_was_reported="Police notification",
    )
    referral_decide(
        acting_user=world.manager,
        case=case,
        decision=ReferralDecision.NO_FURTHER_ACTION,
        decided_on=TODAY,
        reasons="Police say the fight was between neighbours",
    )
    case.refresh_from_db()
    assert (case.closed_on, case.closure_reason) == (TODAY, "RC8")
    episode = Episode.objects.get(case=case)
    assert (episode.ended_on, episode.closure_reason) == (TODAY, "RC8")
    # A closed case takes no more changes.
    with pytest.raises(PermissionDenied):
        referral_decide(
            acting_user=world.manager,
            case=case,
            decision=ReferralDecision.ASSESSMENT,
            decided_on=TODAY,
            reasons="Second thoughts",
        )


def test_a_case_decided_already_has_no_referral_to_decide(world: World) -> None:
    with pytest.raises(ValidationError, match="no undecided referral"):
        referral_decide(
            acting_user=world.manager,
            case=world.case,
            decision=ReferralDecision.EARLY_HELP,
            decided_on=TODAY,
            reasons="Family asked for help",
        )


def test_the_reasons_for_a_decision_are_kept_on_the_referrals_and_timelines_but_not_in_the_log(world: World) -> None:
    first, second = new_child(world, "Jirra"), new_child(world, "Kiah")
    case = referral_receive(
        acting_user=world.worker,
        children=[first, second],
        team=world.team,
        received_on=TODAY,
        source="3B",
        what_was_reported="Health visitor worried about the baby's weight",
    )
    why = "Mum asked for help with feeding and the health visitor will stay involved"
    referral_decide(
        acting_user=world.manager,
        case=case,
        decision=ReferralDecision.EARLY_HELP,
        decided_on=TODAY,
        reasons=f"  {why}\n",
    )
    assert sorted(case.referrals.values_list("decision", "decision_reasons")) == [("early_help", why)] * 2
    entries = ChronologyEntry.objects.filter(case=case, kind="referral_decision")
    assert [(entry.person, entry.detail) for entry in entries.order_by("person_id")] == [(first, why), (second, why)]
    logged = AccessLogEntry.objects.filter(record_type="case", record_id=case.pk, detail__contains="decision")
    assert {entry.detail for entry in logged} == {"referral decision early_help"}
    assert not AccessLogEntry.objects.filter(detail__contains="feeding").exists()


@pytest.mark.parametrize("reasons", ["", "   \n "])
def test_a_decision_without_reasons_is_refused_in_plain_words(world: World, reasons: str) -> None:
    case = referral_receive(
        acting_user=world.worker,
        children=[new_child(world)],
        team=world.team,
        received_on=TODAY,
        source="6",
        what_was_reported="Police notification",
    )
    with pytest.raises(ValidationError) as refused:
        referral_decide(
            acting_user=world.manager,
            case=case,
            decision=ReferralDecision.ASSESSMENT,
            decided_on=TODAY,
            reasons=reasons,
        )
    assert refused.value.message_dict == {"reasons": ["Enter why you made this decision"]}
    case.refresh_from_db()
    assert case.service == CaseService.REFERRAL
    assert not case.referrals.exclude(decision="").exists()


def test_allocation_keeps_its_history(world: World) -> None:
    case_allocate(acting_user=world.manager, case=world.case, worker=world.teammate, reason="Sally on leave")
    periods = list(Allocation.objects.filter(case=world.case).order_by("started_at", "pk"))
    assert [period.worker for period in periods] == [None, world.worker, world.teammate]
    assert all(period.ended_at for period in periods[:-1])
    assert periods[-1].ended_at is None
    assert world.case.history.first().allocated_worker == world.teammate
    assert ChronologyEntry.objects.filter(person=world.child, kind="allocated").count() == 2


def test_a_worker_from_another_team_cannot_be_allocated(world: World) -> None:
    with pytest.raises(ValidationError, match="not a member"):
        case_allocate(acting_user=world.manager, case=world.case, worker=world.other_worker)


def test_case_note_goes_on_each_childs_timeline_and_marks_the_visit(world: World) -> None:
    note = case_note_add(
        acting_user=world.worker,
        case=world.case,
        children=[world.child, world.sibling],
        kind=NoteKind.STATUTORY_VISIT,
        occurred_on=TODAY,
        text="Both children seen alone.",
        child_seen=True,
        child_seen_alone=True,
    )
    entries = ChronologyEntry.objects.filter(source_type="cases.casenote", source_id=note.pk)
    assert {entry.person for entry in entries} == {world.child, world.sibling}
    assert all(entry.summary == "Statutory visit (child seen alone)" for entry in entries)
    assert Case.objects.get(pk=world.case.pk).last_visit_on == TODAY
    assert AccessLogEntry.objects.filter(record_type="case_note", record_id=str(note.pk)).count() == 2


def test_a_note_about_a_child_not_on_the_case_is_refused(world: World) -> None:
    stranger = new_child(world, "Stranger")
    with pytest.raises(ValidationError):
        case_note_add(
            acting_user=world.worker,
            case=world.case,
            children=[stranger],
            kind=NoteKind.OTHER,
            occurred_on=TODAY,
            text="x",
        )


def test_stale_note_edit_is_refused(world: World) -> None:
    note = case_note_add(
        acting_user=world.worker,
        case=world.case,
        children=[world.child],
        kind=NoteKind.PHONE_CALL,
        occurred_on=TODAY,
        text="First wording",
    )
    case_note_update(acting_user=world.worker, note=note, expected_version=1, text="Second wording", present="")
    with pytest.raises(StaleEditError):
        case_note_update(acting_user=world.worker, note=note, expected_version=1, text="Third wording", present="")
    note.refresh_from_db()
    assert note.text == "Second wording"
    assert [h.text for h in note.history.order_by("history_date")] == ["First wording", "Second wording"]


def test_step_up_to_child_protection_keeps_the_child_in_need_episode(world: World) -> None:
    before = Episode.objects.filter(case=world.case, ended_on__isnull=True).count()
    case_change_service(
        acting_user=world.manager, case=world.case, service=CaseService.CHILD_PROTECTION, changed_on=TODAY
    )
    assert Episode.objects.filter(case=world.case, ended_on__isnull=True).count() == before
    case_change_service(acting_user=world.manager, case=world.case, service=CaseService.EARLY_HELP, changed_on=TODAY)
    open_episodes = Episode.objects.filter(case=world.case, ended_on__isnull=True)
    assert {episode.service for episode in open_episodes} == {CaseService.EARLY_HELP}


def test_closing_ends_every_open_episode(world: World) -> None:
    case_close(acting_user=world.manager, case=world.case, closed_on=TODAY, closure_reason="RC7")
    assert not Episode.objects.filter(case=world.case, ended_on__isnull=True).exists()
    assert ChronologyEntry.objects.filter(person=world.sibling, kind="case_closed").exists()


def test_closing_before_opening_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="on or after the date the case was opened"):
        case_close(
            acting_user=world.manager,
            case=world.case,
            closed_on=world.case.opened_on - datetime.timedelta(days=1),
            closure_reason="RC7",
        )

"""Children in care: what each service writes, and every refusal in plain words."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casemap.access.models import AccessLogEntry
from casemap.cases.care_codes import (
    AdopterLegalStatus,
    AdopterSexes,
    AdoptionCeasedReason,
    CareLeaverAccommodation,
    CareLeaverActivity,
    EpisodeEndReason,
    InTouch,
    LegalStatus,
    MissingKind,
    NewEpisodeReason,
    PlacementChangeReason,
    PlacementProvider,
    PlacementType,
    PreviousPermanenceKind,
    ReviewParticipation,
    SdqReason,
)
from casemap.cases.care_models import CareEpisode, CarePeriod
from casemap.cases.models import ChronologyEntry, ChronologyKind
from casemap.cases.services.care import (
    NO_REASON_FOR_TEMPORARY,
    SAY_WHY_PLACEMENT_CHANGED,
    care_episode_change,
    care_period_end,
    care_period_start,
    ofsted_urn,
    uk_postcode,
)
from casemap.cases.services.care_adoption import (
    adoption_adopters_record,
    adoption_decision_record,
    adoption_decision_reverse,
    adoption_match_record,
    previous_permanence_record,
)
from casemap.cases.services.care_outcomes import (
    care_leaver_outcome_record,
    care_outcome_record,
)
from casemap.cases.services.care_records import (
    care_review_record,
    missing_episode_end,
    missing_episode_record,
    unaccompanied_status_cease,
    unaccompanied_status_record,
)

TODAY = timezone.localdate()
DAYS_AGO = [TODAY - datetime.timedelta(days=n) for n in range(400)]
TOMORROW = TODAY + datetime.timedelta(days=1)


def start(world, **changes):
    values = {
        "acting_user": world.worker,
        "case": world.case,
        "child": world.child,
        "started_on": DAYS_AGO[100],
        "category_of_need": "N1",
        "legal_status": LegalStatus.V2,
        "placement_type": PlacementType.U6,
        "provider": PlacementProvider.PR1,
        "home_postcode": "ls1 4ap",
        "placement_postcode": "LS6 2QT",
    }
    return care_period_start(**{**values, **changes})


def change(world, period, **changes):
    values = {
        "acting_user": world.worker,
        "period": period,
        "expected_version": CarePeriod.objects.get(pk=period.pk).version,
        "changed_on": DAYS_AGO[50],
        "new_episode_reason": NewEpisodeReason.PLACEMENT,
        "legal_status": LegalStatus.V2,
        "placement_type": PlacementType.U4,
        "provider": PlacementProvider.PR4,
        "placement_urn": "SC123456",
        "placement_postcode": "BD1 1AA",
        "placement_change_reason": PlacementChangeReason.CARE_PLAN,
    }
    return care_episode_change(**{**values, **changes})


def test_a_period_starts_with_its_first_episode_on_the_timeline_and_in_the_log(world):
    period = start(world)
    episode = period.episodes.get()
    assert episode.new_episode_reason == NewEpisodeReason.STARTED
    assert (episode.home_postcode, episode.placement_postcode) == ("LS1 4AP", "LS6 2QT")
    assert episode.started_on == period.started_on == DAYS_AGO[100]
    entry = ChronologyEntry.objects.get(person=world.child, kind=ChronologyKind.CARE_PERIOD)
    assert entry.summary.startswith("Came into care: Accommodated under section 20")
    assert AccessLogEntry.objects.filter(record_type="period of care", record_id=str(period.pk)).exists()
    assert period.history.count() == 1


def test_a_change_ends_the_episode_the_same_day_so_episodes_never_overlap_or_leave_a_gap(world):
    period = start(world)
    moved = change(world, period)
    status = change(
        world,
        period,
        changed_on=DAYS_AGO[20],
        new_episode_reason=NewEpisodeReason.LEGAL_STATUS,
        legal_status=LegalStatus.C1,
        placement_change_reason="",
    )
    episodes = list(CareEpisode.objects.filter(period=period).order_by("started_on"))
    assert [e.new_episode_reason for e in episodes] == ["S", "P", "L"]
    for before, after in itertools.pairwise(episodes):
        assert before.ended_on == after.started_on
        assert before.end_reason == EpisodeEndReason.NEW_EPISODE
    assert episodes[0].placement_change_reason == PlacementChangeReason.CARE_PLAN
    assert episodes[1].placement_change_reason == ""  # only the legal status changed
    assert episodes[2].home_postcode == "LS1 4AP"
    assert moved.placement_urn == "SC123456" and status.ended_on is None
    assert ChronologyEntry.objects.filter(person=world.child, kind=ChronologyKind.PLACEMENT).count() == 2


def test_a_move_into_or_out_of_a_temporary_placement_records_no_reason(world):
    """The return's rule 226: no reason for a temporary placement's episode, nor for the one before it."""
    period = start(world)
    temporary = {"placement_type": PlacementType.T1, "provider": "", "placement_urn": "", "placement_postcode": ""}
    with pytest.raises(ValidationError) as refused:
        change(world, period, **temporary)
    assert refused.value.message_dict == {"placement_change_reason": [NO_REASON_FOR_TEMPORARY]}
    change(world, period, **temporary, placement_change_reason="")
    change(world, period, changed_on=DAYS_AGO[40], placement_change_reason="")  # back, to a long-term placement
    with pytest.raises(ValidationError) as refused:
        change(world, period, changed_on=DAYS_AGO[30], placement_type=PlacementType.U5, placement_change_reason="")
    assert refused.value.message_dict == {"placement_change_reason": [SAY_WHY_PLACEMENT_CHANGED]}
    episodes = CareEpisode.objects.filter(period=period).order_by("started_on")
    assert [(e.placement_type, e.placement_change_reason) for e in episodes] == [("U6", ""), ("T1", ""), ("U4", "")]


def test_the_period_ends_with_its_last_episodes_reason(world):
    period = start(world)
    change(world, period)
    ended = care_period_end(
        acting_user=world.worker,
        period=period,
        expected_version=CarePeriod.objects.get(pk=period.pk).version,
        ended_on=DAYS_AGO[5],
        reason=EpisodeEndReason.HOME_PLANNED,
    )
    last = CareEpisode.objects.filter(period=period).order_by("-started_on").first()
    assert (ended.ended_on, ended.end_reason) == (DAYS_AGO[5], "E4A")
    assert (last.ended_on, last.end_reason) == (DAYS_AGO[5], "E4A")
    with pytest.raises(ValidationError, match=r"ended on .*nothing can be recorded after it ended"):
        change(world, period, changed_on=DAYS_AGO[2])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"started_on": TOMORROW}, "must be today or in the past"),
        ({"started_on": DAYS_AGO[399] - datetime.timedelta(days=3000)}, "cannot be before the child was born"),
        ({"home_postcode": "LS1"}, "Enter a full UK postcode"),
        ({"placement_postcode": "12345"}, "Enter a full UK postcode"),
        ({"placement_urn": "AB12"}, "Ofsted's unique reference number"),
        ({"legal_status": "ZZ"}, "Choose the legal status"),
        ({"placement_type": "H5"}, "Choose the type of placement"),
        ({"category_of_need": "N9"}, "Choose the child's category of need"),
        ({"placement_type": PlacementType.A6}, "needs the legal status 'Placement order granted'"),
    ],
)
def test_an_impossible_start_is_refused(world, changes, message):
    with pytest.raises(ValidationError, match=message):
        start(world, **changes)
    assert not CarePeriod.objects.exists()


def test_a_child_is_in_one_period_of_care_at_a_time(world):
    period = start(world)
    with pytest.raises(ValidationError, match="already in care: a period of care started on"):
        start(world, started_on=DAYS_AGO[10])
    care_period_end(
        acting_user=world.worker,
        period=period,
        expected_version=period.version,
        ended_on=DAYS_AGO[30],
        reason=EpisodeEndReason.HOME_PLANNED,
    )
    with pytest.raises(ValidationError, match="must start after the last one ended"):
        start(world, started_on=DAYS_AGO[30])
    again = start(world, started_on=DAYS_AGO[29])
    assert again.is_open


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"changed_on": DAYS_AGO[100]}, "must be after the current placement and legal status began"),
        ({"changed_on": DAYS_AGO[150]}, "must be after the current placement and legal status began"),
        ({"changed_on": TOMORROW}, "today or in the past"),
        (
            {
                "placement_type": PlacementType.U6,
                "provider": "PR1",
                "placement_urn": "",
                "placement_postcode": "LS6 2QT",
            },
            "Nothing has changed",
        ),
        ({"new_episode_reason": NewEpisodeReason.BOTH}, "said the legal status changed, but it is the same"),
        ({"legal_status": LegalStatus.C2}, "said only the placement changed, but the legal status is different"),
        (
            {"new_episode_reason": NewEpisodeReason.LEGAL_STATUS, "legal_status": LegalStatus.C2},
            "said only the legal status changed, but the placement details are different",
        ),
        ({"placement_change_reason": ""}, "Choose why the placement changed"),
        ({"new_episode_reason": NewEpisodeReason.STARTED}, "Choose what changed"),
        ({"placement_postcode": "nowhere"}, "Enter a full UK postcode"),
    ],
)
def test_an_impossible_change_is_refused_and_nothing_is_saved(world, changes, message):
    period = start(world)
    with pytest.raises(ValidationError, match=message):
        change(world, period, **changes)
    assert CareEpisode.objects.filter(period=period).count() == 1
    assert CareEpisode.objects.get(period=period).ended_on is None


def test_a_legal_status_change_with_the_same_placement_says_so(world):
    period = start(world)
    with pytest.raises(ValidationError, match="said the placement changed, but the placement details are the same"):
        change(
            world,
            period,
            new_episode_reason=NewEpisodeReason.BOTH,
            legal_status=LegalStatus.C1,
            placement_type=PlacementType.U6,
            provider="PR1",
            placement_urn="",
            placement_postcode="LS6 2QT",
        )


def test_a_stale_change_is_refused(world):
    from casemap.core.forms import StaleEditError

    period = start(world)
    loaded = period.version
    change(world, period)
    with pytest.raises(StaleEditError):
        change(world, period, changed_on=DAYS_AGO[10], expected_version=loaded, placement_type=PlacementType.K2)


@pytest.mark.parametrize(
    ("ended_on", "reason", "message"),
    [
        (DAYS_AGO[5], EpisodeEndReason.NEW_EPISODE, "Choose why the period of care ended"),
        (DAYS_AGO[60], EpisodeEndReason.HOME_PLANNED, "cannot end before the current placement"),
        (TOMORROW, EpisodeEndReason.HOME_PLANNED, "today or in the past"),
        (DAYS_AGO[5], EpisodeEndReason.ADOPTED_UNOPPOSED, "Record the decision that the child should be placed"),
    ],
)
def test_an_impossible_ending_is_refused(world, ended_on, reason, message):
    period = start(world)
    change(world, period)
    with pytest.raises(ValidationError, match=message):
        care_period_end(
            acting_user=world.worker,
            period=period,
            expected_version=None,
            ended_on=ended_on,
            reason=reason,
        )
    assert CarePeriod.objects.get(pk=period.pk).ended_on is None


@pytest.mark.parametrize("persona", ["other_worker", "practice_lead", "data_officer"])
def test_someone_who_may_not_add_to_the_case_cannot_record_care(world, persona):
    with pytest.raises(PermissionDenied):
        start(world, acting_user=getattr(world, persona))
    period = start(world)
    with pytest.raises(PermissionDenied):
        change(world, period, acting_user=getattr(world, persona))
    assert CareEpisode.objects.filter(period=period).count() == 1


def test_an_adopted_child_leaves_care_after_the_decision_match_and_adopters(world):
    period = start(world, legal_status=LegalStatus.C2, placement_type=PlacementType.U4)
    change(
        world,
        period,
        changed_on=DAYS_AGO[40],
        new_episode_reason=NewEpisodeReason.BOTH,
        legal_status=LegalStatus.E1,
        placement_type=PlacementType.A6,
        placement_urn="",
        placement_postcode="HG1 2AB",
        placement_change_reason=PlacementChangeReason.CARE_PLAN,
    )
    plan = adoption_decision_record(acting_user=world.worker, period=period, decided_on=DAYS_AGO[90])
    with pytest.raises(ValidationError, match="Record the match with the adopters first"):
        adoption_adopters_record(
            acting_user=world.worker,
            plan=plan,
            expected_version=plan.version,
            by_foster_carers=False,
            adopter_sexes=AdopterSexes.MF,
            adopter_legal_status=AdopterLegalStatus.MARRIED_DIFFERENT_SEX,
        )
    with pytest.raises(ValidationError, match="cannot be before the decision"):
        adoption_match_record(acting_user=world.worker, plan=plan, expected_version=None, matched_on=DAYS_AGO[95])
    plan = adoption_match_record(
        acting_user=world.worker, plan=plan, expected_version=plan.version, matched_on=DAYS_AGO[45]
    )
    with pytest.raises(ValidationError, match="'Married couple of different sexes' cannot describe"):
        adoption_adopters_record(
            acting_user=world.worker,
            plan=plan,
            expected_version=plan.version,
            by_foster_carers=False,
            adopter_sexes=AdopterSexes.FF,
            adopter_legal_status=AdopterLegalStatus.MARRIED_DIFFERENT_SEX,
        )
    plan = adoption_adopters_record(
        acting_user=world.worker,
        plan=plan,
        expected_version=plan.version,
        by_foster_carers=False,
        adopter_sexes=AdopterSexes.FF,
        adopter_legal_status=AdopterLegalStatus.CIVIL_PARTNERS,
    )
    assert plan.adopter_count == 2
    ended = care_period_end(
        acting_user=world.worker,
        period=period,
        expected_version=None,
        ended_on=DAYS_AGO[3],
        reason=EpisodeEndReason.ADOPTED_UNOPPOSED,
    )
    assert ended.end_reason == "E11"
    assert ChronologyEntry.objects.filter(person=world.child, kind=ChronologyKind.ADOPTION).count() == 3


def test_an_adoption_decision_is_one_at_a_time_and_may_be_reversed(world):
    period = start(world)
    plan = adoption_decision_record(acting_user=world.worker, period=period, decided_on=DAYS_AGO[60])
    with pytest.raises(ValidationError, match="already recorded"):
        adoption_decision_record(acting_user=world.worker, period=period, decided_on=DAYS_AGO[50])
    with pytest.raises(ValidationError, match="must be within the period of care"):
        adoption_decision_record(acting_user=world.worker, period=period, decided_on=DAYS_AGO[150])
    with pytest.raises(ValidationError, match="cannot be before the decision"):
        adoption_decision_reverse(
            acting_user=world.worker, plan=plan, expected_version=None, ceased_on=DAYS_AGO[70], reason="RD1"
        )
    reversed_plan = adoption_decision_reverse(
        acting_user=world.worker,
        plan=plan,
        expected_version=plan.version,
        ceased_on=DAYS_AGO[10],
        reason=AdoptionCeasedReason.NO_ADOPTERS,
    )
    assert reversed_plan.ceased_reason == "RD3"
    with pytest.raises(ValidationError, match="The decision was reversed on"):
        adoption_match_record(acting_user=world.worker, plan=plan, expected_version=None, matched_on=DAYS_AGO[5])


def test_reviews_are_within_the_period_and_one_a_day(world):
    period = start(world)
    review = care_review_record(
        acting_user=world.worker, period=period, held_on=DAYS_AGO[80], participation=ReviewParticipation.PN1
    )
    assert ChronologyEntry.objects.filter(person=world.child, kind=ChronologyKind.CARE_REVIEW).exists()
    assert AccessLogEntry.objects.filter(record_type="child in care review", record_id=str(review.pk)).exists()
    with pytest.raises(ValidationError, match="already recorded"):
        care_review_record(acting_user=world.worker, period=period, held_on=DAYS_AGO[80], participation="PN2")
    with pytest.raises(ValidationError, match="must be within the period of care, which started on"):
        care_review_record(acting_user=world.worker, period=period, held_on=DAYS_AGO[120], participation="PN2")
    with pytest.raises(ValidationError, match="Choose how the child took part"):
        care_review_record(acting_user=world.worker, period=period, held_on=DAYS_AGO[70], participation="PN9")
    with pytest.raises(ValidationError, match="today or in the past"):
        care_review_record(acting_user=world.worker, period=period, held_on=TOMORROW, participation="PN2")


def test_missing_episodes_do_not_overlap_and_end_after_they_start(world):
    period = start(world)
    missing = missing_episode_record(
        acting_user=world.worker, period=period, kind=MissingKind.MISSING, started_on=DAYS_AGO[30]
    )
    with pytest.raises(ValidationError, match="overlaps the episode recorded from"):
        missing_episode_record(acting_user=world.worker, period=period, kind="A", started_on=DAYS_AGO[20])
    with pytest.raises(ValidationError, match="cannot be back before they went missing"):
        missing_episode_end(acting_user=world.worker, missing=missing, expected_version=None, ended_on=DAYS_AGO[31])
    back = missing_episode_end(
        acting_user=world.worker, missing=missing, expected_version=missing.version, ended_on=DAYS_AGO[28]
    )
    assert back.ended_on == DAYS_AGO[28]
    with pytest.raises(ValidationError, match="already recorded"):
        missing_episode_end(acting_user=world.worker, missing=missing, expected_version=None, ended_on=DAYS_AGO[27])
    with pytest.raises(ValidationError, match="overlaps"):
        missing_episode_record(
            acting_user=world.worker, period=period, kind="A", started_on=DAYS_AGO[35], ended_on=DAYS_AGO[29]
        )
    away = missing_episode_record(
        acting_user=world.worker, period=period, kind="A", started_on=DAYS_AGO[20], ended_on=DAYS_AGO[19]
    )
    assert away.get_kind_display() == "Away from placement without authorisation"
    with pytest.raises(ValidationError, match="within the period of care"):
        missing_episode_record(acting_user=world.worker, period=period, kind="M", started_on=DAYS_AGO[200])
    assert ChronologyEntry.objects.filter(person=world.child, kind=ChronologyKind.MISSING).count() == 3


def test_unaccompanied_status_is_recorded_once_and_ceases_after_it_began(world):
    status = unaccompanied_status_record(
        acting_user=world.worker, case=world.case, child=world.child, since=DAYS_AGO[100]
    )
    with pytest.raises(ValidationError, match="already recorded as an unaccompanied"):
        unaccompanied_status_record(acting_user=world.worker, case=world.case, child=world.child, since=DAYS_AGO[90])
    with pytest.raises(ValidationError, match="cannot end before it began"):
        unaccompanied_status_cease(
            acting_user=world.worker, status=status, expected_version=None, ceased_on=DAYS_AGO[101]
        )
    ceased = unaccompanied_status_cease(
        acting_user=world.worker, status=status, expected_version=status.version, ceased_on=DAYS_AGO[1]
    )
    assert ceased.ceased_on == DAYS_AGO[1]
    with pytest.raises(ValidationError, match="Choose a child on this case"):
        unaccompanied_status_record(acting_user=world.worker, case=world.case, child=world.mother, since=DAYS_AGO[100])


def test_previous_permanence_is_one_per_period_and_says_nothing_more_when_there_was_none(world):
    period = start(world)
    with pytest.raises(ValidationError, match="Leave where and when empty"):
        previous_permanence_record(
            acting_user=world.worker, period=period, kind=PreviousPermanenceKind.NONE, authority="Leeds"
        )
    with pytest.raises(ValidationError, match="before this period of care began"):
        previous_permanence_record(
            acting_user=world.worker,
            period=period,
            kind=PreviousPermanenceKind.SPECIAL_GUARDIANSHIP,
            order_made_on=DAYS_AGO[10],
        )
    record = previous_permanence_record(
        acting_user=world.worker,
        period=period,
        kind=PreviousPermanenceKind.SPECIAL_GUARDIANSHIP,
        authority="Leeds",
        order_made_on=DAYS_AGO[300],
    )
    assert record.authority == "Leeds"
    with pytest.raises(ValidationError, match="already recorded for this period"):
        previous_permanence_record(acting_user=world.worker, period=period, kind=PreviousPermanenceKind.NONE)


def test_outcomes_for_a_child_in_care_twelve_months(world):
    outcome = care_outcome_record(
        acting_user=world.worker,
        case=world.case,
        child=world.child,
        year=TODAY.year,
        sdq_score=14,
        sdq_reason="",
        answers={"health_check": True, "immunisations": True, "teeth_check": False, "substance_misuse": False},
    )
    assert (outcome.sdq_score, outcome.teeth_check, outcome.convicted) == (14, False, None)
    with pytest.raises(ValidationError, match="already recorded"):
        care_outcome_record(
            acting_user=world.worker,
            case=world.case,
            child=world.child,
            year=TODAY.year,
            sdq_score=None,
            sdq_reason=SdqReason.AGE,
            answers={},
        )


@pytest.mark.parametrize(
    ("score", "reason", "answers", "message"),
    [
        (None, "", {}, "Enter the score, or why there is none"),
        (12, "SDQ2", {}, "Enter the score, or why there is none"),
        (41, "", {}, "from 0 to 40"),
        (10, "", {"substance_misuse": False, "intervention_offered": True}, "only when the child had a substance"),
    ],
)
def test_impossible_outcomes_are_refused(world, score, reason, answers, message):
    with pytest.raises(ValidationError, match=message):
        care_outcome_record(
            acting_user=world.worker,
            case=world.case,
            child=world.child,
            year=TODAY.year,
            sdq_score=score,
            sdq_reason=reason,
            answers=answers,
        )


def test_a_care_leavers_outcomes_fit_whether_the_council_is_in_touch(world):
    def record(in_touch, activity, accommodation, year=TODAY.year):
        return care_leaver_outcome_record(
            acting_user=world.worker,
            case=world.case,
            child=world.sibling,
            year=year,
            in_touch=in_touch,
            activity=activity,
            accommodation=accommodation,
            recorded_on=DAYS_AGO[1],
        )

    with pytest.raises(ValidationError, match="not in touch, choose 'Not in touch, or not known'"):
        record(InTouch.NO, CareLeaverActivity.WORK_FULL, CareLeaverAccommodation.U1)
    with pytest.raises(ValidationError, match="they are in touch"):
        record(InTouch.YES, CareLeaverActivity.NOT_KNOWN, CareLeaverAccommodation.U1)
    with pytest.raises(ValidationError, match="Enter a year from 2000"):
        record(InTouch.YES, CareLeaverActivity.WORK_FULL, CareLeaverAccommodation.U1, year=1990)
    outcome = record(InTouch.YES, CareLeaverActivity.APPRENTICESHIP_FULL, CareLeaverAccommodation.Z1)
    assert outcome.get_accommodation_display() == "With former foster carers: suitable"
    assert ChronologyEntry.objects.filter(person=world.sibling, kind=ChronologyKind.LEAVING_CARE).exists()


@pytest.mark.parametrize(
    ("typed", "written"), [("sw1a2aa", "SW1A 2AA"), (" ls6  2qt ", "LS6 2QT"), ("M1 1AE", "M1 1AE"), ("", "")]
)
def test_postcodes_are_written_the_standard_way(typed, written):
    assert uk_postcode(typed, "home_postcode") == written


@pytest.mark.parametrize("typed", ["SW1A", "2AA SW1A", "ZZZ 9ZZ9", "L$1 1AA"])
def test_a_postcode_that_is_not_one_is_refused(typed):
    with pytest.raises(ValidationError, match="Enter a full UK postcode"):
        uk_postcode(typed, "home_postcode")


@pytest.mark.parametrize(
    ("typed", "written"), [("sc123456", "SC123456"), ("SC 1234567", "SC1234567"), ("123456", "123456")]
)
def test_ofsted_references_are_accepted_in_ofsteds_format(typed, written):
    assert ofsted_urn(typed) == written


@pytest.mark.parametrize("typed", ["SC12345", "XX123456", "12345678", "SC12345A"])
def test_an_ofsted_reference_in_another_format_is_refused(typed):
    with pytest.raises(ValidationError, match="SC followed by 6 or 7 numbers"):
        ofsted_urn(typed)

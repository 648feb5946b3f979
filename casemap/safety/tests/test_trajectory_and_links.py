"""The trajectory's closure date and its stale saves; a plan's link to a Safety House; flags for people who
have left the network."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casemap.cases.models import MemberRole
from casemap.conftest import World, make_case
from casemap.core.forms import StaleEditError
from casemap.safety.models import Trajectory
from casemap.safety.models.plans import add_period
from casemap.safety.selectors.plans import plan_flags
from casemap.safety.services import network_member_deactivate
from casemap.safety.services.plans import plan_update_details
from casemap.safety.services.trajectory import (
    trajectory_set_sustained,
    trajectory_step_add,
    trajectory_step_done,
)
from casemap.safety.snapshot import plan_snapshot
from casemap.safety.tests.plan_data import TODAY, draft_plan
from casemap.voice.models import VoiceTool
from casemap.voice.services import EntryInput, SessionDetails, voice_record_create
from casemap.words.services import booklet_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "count", "unit", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, "months", datetime.date(2026, 2, 28)),
        (datetime.date(2027, 11, 30), 3, "months", datetime.date(2028, 2, 29)),
        (datetime.date(2026, 6, 15), 6, "months", datetime.date(2026, 12, 15)),
        (datetime.date(2026, 12, 25), 2, "weeks", datetime.date(2027, 1, 8)),
    ],
)
def test_the_sustained_period_counts_whole_weeks_and_calendar_months(
    start: datetime.date, count: int, unit: str, expected: datetime.date
) -> None:
    assert add_period(start, count, unit) == expected


def test_the_expected_closure_follows_from_when_the_goals_have_been_kept(world: World) -> None:
    trajectory = trajectory_set_sustained(
        acting_user=world.worker,
        case=world.case,
        expected_version=None,
        sustain_for=6,
        sustain_unit="months",
        sustained_since=None,
    )
    assert trajectory.expected_closure is None and trajectory.sustain_label == "6 months"
    since = TODAY - datetime.timedelta(days=10)
    trajectory = trajectory_set_sustained(
        acting_user=world.worker,
        case=world.case,
        expected_version=trajectory.version,
        sustain_for=1,
        sustain_unit="weeks",
        sustained_since=since,
    )
    assert trajectory.expected_closure == since + datetime.timedelta(weeks=1)
    assert trajectory.sustain_label == "1 week"
    with pytest.raises(ValidationError) as refused:
        trajectory_set_sustained(
            acting_user=world.worker,
            case=world.case,
            expected_version=None,
            sustain_for=0,
            sustain_unit="years",
            sustained_since=TODAY + datetime.timedelta(days=1),
        )
    assert set(refused.value.message_dict) == {"sustain_for", "sustain_unit", "sustained_since"}


def test_trajectory_changes_refuse_a_stale_save(world: World) -> None:
    step = trajectory_step_add(
        acting_user=world.worker, case=world.case, expected_version=None, description="Review meeting", target_on=TODAY
    )
    loaded = Trajectory.objects.get().version
    trajectory_step_add(
        acting_user=world.teammate, case=world.case, expected_version=loaded, description="Conference", target_on=TODAY
    )
    with pytest.raises(StaleEditError):
        trajectory_step_done(acting_user=world.worker, step=step, expected_version=loaded, done_on=TODAY)
    with pytest.raises(ValidationError):
        trajectory_step_done(
            acting_user=world.worker, step=step, expected_version=None, done_on=TODAY + datetime.timedelta(days=1)
        )
    step.refresh_from_db()
    assert step.done_on is None
    done = trajectory_step_done(acting_user=world.worker, step=step, expected_version=None, done_on=TODAY)
    assert done.done_on == TODAY and done.history.count() == 2


def _session(world: World, tool_key: str):  # type: ignore[no-untyped-def]
    tool = VoiceTool.objects.get(key=tool_key)
    part = str(tool.parts[0]["key"])
    return voice_record_create(
        acting_user=world.worker,
        child=world.child,
        case=world.case,
        tool=tool,
        details=SessionDetails(used_on=TODAY, parental_consent="given", parental_consent_by="Merinda (mum)"),
        entries=[EntryInput(part_key=part, label="", words="Mum, dad, Darel and me, and my cat Biscuit.")],
    )


def test_a_plan_links_a_safety_house_session_with_a_child_on_the_case(world: World) -> None:
    plan = draft_plan(world)
    house = _session(world, "safety-house")
    plan = plan_update_details(
        acting_user=world.worker,
        plan=plan,
        expected_version=None,
        kind="family",
        review_on=plan.review_on,
        childrens_version="Alkira drew her Safety House with Sally.",
        safety_house=house,
    )
    assert plan_snapshot(plan)["safety_house"] == {"id": house.pk, "child": "Alkira", "used_on": TODAY.isoformat()}
    with pytest.raises(ValidationError, match="Safety House session"):
        plan_update_details(
            acting_user=world.worker,
            plan=plan,
            expected_version=None,
            kind="family",
            review_on=plan.review_on,
            safety_house=_session(world, "three-houses"),
        )


def test_people_who_have_left_the_network_are_flagged_on_the_plan(world: World) -> None:
    plan = draft_plan(world)
    rose = plan.rules.get().checker_member
    assert rose is not None
    network_member_deactivate(
        acting_user=world.worker, member=rose, expected_version=None, inactive_since=TODAY, reason="Moved away"
    )
    warnings = plan_flags(plan=plan, data=plan_snapshot(plan)).warnings
    assert "Rule 1 names Rose, who is no longer in the safety network." in warnings
    assert "Who to call names Rose, who is no longer in the safety network." in warnings


def test_a_plan_links_the_childrens_words_and_pictures_and_its_family_copy_says_so(
    world: World,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    plan = draft_plan(world)
    booklet = booklet_create(acting_user=world.worker, case=world.case, children=[world.child], title="Our plan")
    plan = plan_update_details(
        acting_user=world.worker,
        plan=plan,
        expected_version=None,
        kind="family",
        review_on=plan.review_on,
        words_booklet=booklet,
    )
    assert plan_snapshot(plan)["words_booklet"] == {"id": booklet.pk, "title": "Our plan", "number": 1}
    client = client_for(world.worker)
    assert (
        reverse("words:booklet", args=[booklet.pk])
        in client.get(reverse("safety:plan", args=[plan.pk])).content.decode()
    )
    family_copy = client.get(reverse("safety:plan-print", args=[plan.pk])).content.decode()
    assert "a Words and Pictures booklet about the plan: “Our plan”" in family_copy

    other_case = make_case(
        acting=world.worker, team=world.team, worker=world.worker, manager=world.manager, surname="Ash"
    )
    their_child = other_case.memberships.get(role=MemberRole.CHILD, person__first_name="Alkira").person
    elsewhere = booklet_create(acting_user=world.worker, case=other_case, children=[their_child], title="Theirs")
    with pytest.raises(ValidationError, match="Words and Pictures booklet for the children on this case"):
        plan_update_details(
            acting_user=world.worker,
            plan=plan,
            expected_version=None,
            kind="family",
            review_on=plan.review_on,
            words_booklet=elsewhere,
        )

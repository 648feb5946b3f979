"""Maps: drafts change, signed-off maps never do, re-maps start from the last version, versions compare."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casemap.cases.models import CaseService, ChronologyEntry, ClosureReason
from casemap.cases.services import case_change_service, case_close
from casemap.conftest import World
from casemap.core.forms import StaleEditError
from casemap.mapping.models import FrameworkVariant, ItemCategory, Map, MapStatus, RaterRole
from casemap.mapping.services import (
    danger_pair_save,
    item_save,
    judgement_add,
    map_remap,
    map_sign_off,
    map_start,
    next_step_add,
    next_step_mark_done,
    variant_for_case,
)
from casemap.mapping.snapshot import map_compare, map_snapshot
from casemap.mapping.statements import compose_danger_statement, compose_safety_goal

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()

SEED_STATEMENT = (
    "Sally from Child Protection Services is worried that Merinda (mum) and Eddy (dad) will have fights where they "
    "scream, shout, swear and throw things at each other, and Darel, Alkira and Jirra will be really upset and "
    "frightened and maybe even get hurt."
)


def started(world: World) -> Map:
    return map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)


def filled(world: World) -> Map:
    map_ = started(world)
    item_save(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        category=ItemCategory.HARM,
        text="Alkira cut her foot badly on a glass Merinda threw",
        said_by="Police",
    )
    item_save(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        category=ItemCategory.EXISTING_SAFETY,
        text="Rose took the children to her house during the last fight",
        said_by="Rose",
    )
    statement = danger_pair_save(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        statement_fields={
            "who_is_worried": "Sally",
            "behaviour": "fights",
            "short_term_impact": "hurt",
            "statement": SEED_STATEMENT,
        },
        goal_fields={
            "parents_will": "sort out problems calmly",
            "child_will_experience": "feel safe",
            "sustained_for": "6 months",
            "statement": "Merinda and Eddy will sort out problems calmly.",
        },
    )
    judgement_add(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        rater_name="Merinda",
        rater_role=RaterRole.PARENT,
        score=6,
        reason="We have calmed down",
        danger_statement=statement,
    )
    judgement_add(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        rater_name="Sally",
        rater_role=RaterRole.WORKER,
        score=3,
        reason="Fights still happen weekly",
    )
    next_step_add(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        action="Book a family meeting",
        owner_name="Sally",
        owner_user=world.worker,
        due_on=TODAY + datetime.timedelta(days=7),
    )
    map_.refresh_from_db()
    return map_


def test_map_follows_the_cases_variant(world: World) -> None:
    assert variant_for_case(world.case).key == "signs-of-safety"
    case_change_service(acting_user=world.manager, case=world.case, service=CaseService.EARLY_HELP, changed_on=TODAY)
    world.case.refresh_from_db()
    map_ = started(world)
    assert map_.variant.key == "signs-of-wellbeing"
    assert map_.variant.danger_statement_label == "Worry statement"


def test_variants_are_data_an_administrator_can_change(world: World) -> None:
    FrameworkVariant.objects.filter(key="signs-of-safety").update(danger_statement_label="Worry")
    assert map_snapshot(started(world))["variant"]["danger_statement_label"] == "Worry"


def test_maps_are_numbered_per_case(world: World) -> None:
    assert started(world).number == 1
    assert started(world).number == 2


def test_judgement_keeps_the_question_anchors_and_direction(world: World) -> None:
    map_ = filled(world)
    overall = map_.judgements.get(danger_statement__isnull=True)
    assert overall.zero_anchor == "Things are so bad the children cannot live at home"
    assert overall.ten_is_best
    assert "0 to 10" in overall.question
    child_words = judgement_add(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        rater_name="Darel",
        rater_role=RaterRole.CHILD,
        score=7,
        reason="Less shouting",
        zero_anchor="Really scared all the time",
        ten_anchor="Happy and safe",
    )
    assert (child_words.zero_anchor, child_words.ten_anchor) == ("Really scared all the time", "Happy and safe")
    with pytest.raises(ValidationError, match="0 to 10"):
        judgement_add(
            acting_user=world.worker,
            map_=map_,
            expected_version=None,
            rater_name="Eddy",
            rater_role=RaterRole.PARENT,
            score=11,
            reason="x",
        )


def test_stale_change_is_refused(world: World) -> None:
    map_ = started(world)
    loaded = map_.version
    item_save(acting_user=world.worker, map_=map_, expected_version=loaded, category=ItemCategory.HARM, text="First")
    with pytest.raises(StaleEditError):
        item_save(
            acting_user=world.teammate,
            map_=map_,
            expected_version=loaded,
            category=ItemCategory.HARM,
            text="Second, from an old page",
        )
    assert list(map_.items.values_list("text", flat=True)) == ["First"]


def test_only_a_manager_in_the_line_signs_off(world: World) -> None:
    map_ = filled(world)
    for persona in (world.worker, world.teammate, world.other_worker):
        with pytest.raises(PermissionDenied):
            map_sign_off(acting_user=persona, map_=map_, expected_version=None)
    signed = map_sign_off(acting_user=world.manager, map_=map_, expected_version=map_.version)
    assert signed.status == MapStatus.SIGNED_OFF
    assert signed.snapshot["pairs"][0]["danger_statement"] == SEED_STATEMENT
    assert ChronologyEntry.objects.filter(person=world.child, kind="map_signed_off").exists()


def test_a_signed_map_cannot_be_changed_by_anyone(world: World) -> None:
    map_ = map_sign_off(acting_user=world.manager, map_=filled(world), expected_version=None)
    for persona in (world.worker, world.manager, world.service_manager):
        with pytest.raises(ValidationError, match="signed off"):
            item_save(acting_user=persona, map_=map_, expected_version=None, category=ItemCategory.HARM, text="x")
        with pytest.raises(ValidationError, match="signed off"):
            judgement_add(
                acting_user=persona,
                map_=map_,
                expected_version=None,
                rater_name="x",
                rater_role=RaterRole.WORKER,
                score=5,
                reason="x",
            )


def test_a_signed_map_renders_as_signed_even_when_the_variant_changes(world: World) -> None:
    map_ = map_sign_off(acting_user=world.manager, map_=filled(world), expected_version=None)
    FrameworkVariant.objects.filter(key="signs-of-safety").update(danger_statement_label="Changed later")
    map_.refresh_from_db()
    assert map_.snapshot["variant"]["danger_statement_label"] == "Danger statement"


def test_remap_copies_the_last_version_and_signing_it_supersedes_the_old(world: World) -> None:
    first = map_sign_off(acting_user=world.manager, map_=filled(world), expected_version=None)
    second = map_remap(acting_user=world.worker, map_=first, held_on=TODAY, setting="meeting")
    assert (second.number, second.status, second.previous) == (2, MapStatus.DRAFT, first)
    assert second.items.count() == 2
    assert second.danger_statements.get().goal.sustained_for == "6 months"
    assert second.judgements.count() == 0  # everyone scales afresh
    with pytest.raises(ValidationError, match="already a draft"):
        map_remap(acting_user=world.worker, map_=first, held_on=TODAY, setting="meeting")
    item_save(
        acting_user=world.worker,
        map_=second,
        expected_version=None,
        category=ItemCategory.EXISTING_STRENGTH,
        text="Eddy has started the parenting course",
    )
    judgement_add(
        acting_user=world.worker,
        map_=second,
        expected_version=None,
        rater_name="Sally",
        rater_role=RaterRole.WORKER,
        score=5,
        reason="Two calm weeks",
    )
    map_sign_off(acting_user=world.manager, map_=second, expected_version=None)
    first.refresh_from_db()
    assert first.status == MapStatus.SUPERSEDED
    second.refresh_from_db()
    comparison = map_compare(first.snapshot, second.snapshot)
    strengths = next(c for c in comparison.categories if c.label == "Existing strengths")
    assert strengths.added == ["Eddy has started the parenting course"]
    assert [(r.scale, r.rater, r.before, r.after) for r in comparison.rescored] == [("Overall", "Sally", 3, 5)]
    assert [(r.scale, r.rater, r.before) for r in comparison.not_scaled_again] == [("Danger statement 1", "Merinda", 6)]


def test_next_steps_can_be_finished_after_sign_off_without_changing_the_signed_map(world: World) -> None:
    map_ = map_sign_off(acting_user=world.manager, map_=filled(world), expected_version=None)
    step = map_.next_steps.get()
    done = next_step_mark_done(acting_user=world.worker, next_step=step, done_on=TODAY, expected_version=step.version)
    assert (done.done_on, done.version, done.modified_by) == (TODAY, step.version + 1, world.worker)
    assert done.history.first().history_user == world.worker
    signed_version = map_.version
    map_.refresh_from_db()
    assert map_.version == signed_version  # the step changed, not the signed map
    with pytest.raises(ValidationError, match="already marked as done"):
        next_step_mark_done(acting_user=world.teammate, next_step=step, done_on=TODAY, expected_version=done.version)
    with pytest.raises(PermissionDenied):
        next_step_mark_done(acting_user=world.data_officer, next_step=step, done_on=TODAY, expected_version=None)


def test_finishing_a_next_step_from_an_old_page_is_refused(world: World) -> None:
    step = filled(world).next_steps.get()
    with pytest.raises(StaleEditError) as refused:
        next_step_mark_done(acting_user=world.worker, next_step=step, done_on=TODAY, expected_version=step.version - 1)
    assert refused.value.current_version == step.version
    step.refresh_from_db()
    assert step.done_on is None


def test_only_someone_who_may_add_to_the_case_starts_or_changes_a_map(world: World) -> None:
    for persona in (world.data_officer, world.other_worker):
        with pytest.raises(PermissionDenied):
            map_start(acting_user=persona, case=world.case, setting="home_visit", held_on=TODAY)
    map_ = started(world)
    with pytest.raises(PermissionDenied):
        item_save(acting_user=world.other_worker, map_=map_, expected_version=None, category="harm", text="x")
    case_close(acting_user=world.manager, case=world.case, closed_on=TODAY, closure_reason=ClosureReason.RC8)
    with pytest.raises(PermissionDenied):  # a closed case takes no more changes
        item_save(acting_user=world.worker, map_=map_, expected_version=None, category="harm", text="x")
    with pytest.raises(PermissionDenied):
        map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)
    assert not map_.items.exists()


def test_statements_compose_into_plain_sentences() -> None:
    statement = compose_danger_statement(
        who_is_worried="Sally from Child Protection Services",
        behaviour="Merinda and Eddy will have fights where they scream and throw things",
        what_happened="on Tuesday night when Alkira cut her foot on a glass Merinda threw",
        short_term_impact="will be really upset and frightened and maybe even get hurt",
        long_term_impact="they may think this is how you solve problems",
        children=["Darel", "Alkira", "Jirra"],
    )
    assert statement == (
        "Sally from Child Protection Services is worried that Merinda and Eddy will have fights where they scream "
        "and throw things, like on Tuesday night when Alkira cut her foot on a glass Merinda threw, and Darel, "
        "Alkira and Jirra will be really upset and frightened and maybe even get hurt. In the long run, they may "
        "think this is how you solve problems."
    )
    goal = compose_safety_goal(
        parents_will="Merinda and Eddy will sort out disagreements calmly, away from the children",
        child_will_experience="feel safe and calm at home",
        sustained_for="6 months",
        professionals_will_see="Sally and the safety network will see calm visits",
        children=["Darel", "Alkira"],
    )
    assert goal == (
        "Merinda and Eddy will sort out disagreements calmly, away from the children. Darel and Alkira will feel "
        "safe and calm at home. Sally and the safety network will see calm visits. This will carry on for 6 months."
    )
    assert compose_danger_statement(
        who_is_worried="Sally and Rose", behaviour="x", short_term_impact="y", children=[]
    ).startswith("Sally and Rose are worried")

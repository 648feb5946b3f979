"""Appreciative inquiry: the worker's record, seen by them and their supervisor only, the supervisor's comments
beside it, and nomination to the good-practice library only by the worker and only with consent."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casemap.access.policy import visible_inquiries
from casemap.conftest import World
from casemap.supervision.services.inquiry import inquiry_comment, inquiry_nominate, inquiry_record
from casemap.supervision.services.staff import supervision_profile_set

TODAY = timezone.localdate()


def recorded(world: World):  # type: ignore[no-untyped-def]
    supervision_profile_set(
        acting_user=world.manager, staff=world.worker, supervisor=world.manager, line_manager=world.service_manager
    )
    return inquiry_record(
        acting_user=world.worker, held_on=TODAY, case=world.case,
        went_well="Alkira told me about her worries in her own words.",
        how_made_it_happen="I used the Three Houses and let her draw first.", learning="Slow down; let her lead.",
        self_scale=7, closer_to_ten="Doing it with Darel too.",
    )  # fmt: skip


def test_the_worker_and_their_supervisor_see_it_and_nobody_else(world: World) -> None:
    inquiry = recorded(world)
    for user in (world.worker, world.manager):
        assert visible_inquiries(user).filter(pk=inquiry.pk).exists()
    for user in (world.teammate, world.other_worker, world.practice_lead, world.service_manager):
        assert not visible_inquiries(user).filter(pk=inquiry.pk).exists()


def test_the_supervisors_comments_sit_beside_the_workers_words(world: World) -> None:
    inquiry = recorded(world)
    commented = inquiry_comment(acting_user=world.manager, inquiry=inquiry, comments="A lovely piece of direct work.")
    assert commented.manager_comments == "A lovely piece of direct work."
    assert commented.went_well == inquiry.went_well
    with pytest.raises(PermissionDenied):
        inquiry_comment(acting_user=world.worker, inquiry=inquiry, comments="I am great")


def test_only_the_worker_nominates_it_and_only_with_consent(world: World) -> None:
    inquiry = recorded(world)
    with pytest.raises(ValidationError):
        inquiry_nominate(acting_user=world.worker, inquiry=inquiry, consented=False)
    with pytest.raises(PermissionDenied):
        inquiry_nominate(acting_user=world.manager, inquiry=inquiry, consented=True)
    nominated = inquiry_nominate(acting_user=world.worker, inquiry=inquiry, consented=True)
    assert nominated.nominated_at is not None and nominated.worker_consented
    with pytest.raises(ValidationError):
        inquiry_nominate(acting_user=world.worker, inquiry=inquiry, consented=True)


def test_it_may_link_only_to_a_case_the_worker_works_on(world: World) -> None:
    with pytest.raises(ValidationError):
        inquiry_record(
            acting_user=world.other_worker, held_on=TODAY, case=world.case, went_well="x", how_made_it_happen="y",
            learning="z", self_scale=5,
        )  # fmt: skip

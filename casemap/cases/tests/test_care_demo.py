"""The demo's children in care: realistic histories the SSDA903 return can read, made through the services."""

import itertools

import pytest

from casemap.accounts.demo import demo_personas_create
from casemap.cases.care_demo import demo_children_in_care_create
from casemap.cases.care_models import (
    AdoptionPlan,
    CareEpisode,
    CareLeaverOutcome,
    CarePeriod,
    MissingEpisode,
    UnaccompaniedStatus,
)

pytestmark = pytest.mark.django_db


def test_the_demo_children_in_care_have_moves_a_missing_night_an_adoption_and_a_care_leaver() -> None:
    demo_children_in_care_create(demo_personas_create())
    jayden = CarePeriod.objects.get(child__first_name="Jayden")
    reasons = list(
        CareEpisode.objects.filter(period=jayden).order_by("started_on").values_list("new_episode_reason", flat=True)
    )
    assert reasons == ["S", "L", "L", "P"]
    assert jayden.is_open and MissingEpisode.objects.filter(child=jayden.child).exists()
    maisie = CarePeriod.objects.get(child__first_name="Maisie")
    assert maisie.end_reason == "E11" and AdoptionPlan.objects.get(child=maisie.child).has_adopters
    ahmad = CarePeriod.objects.get(child__first_name="Ahmad")
    assert ahmad.end_reason == "E17"
    assert UnaccompaniedStatus.objects.get(child=ahmad.child).ceased_on == ahmad.ended_on
    assert CareLeaverOutcome.objects.filter(child=ahmad.child).exists()
    for period in CarePeriod.objects.all():
        episodes = list(period.episodes.order_by("started_on"))
        assert all(before.ended_on == after.started_on for before, after in itertools.pairwise(episodes))
        assert episodes[-1].ended_on == period.ended_on

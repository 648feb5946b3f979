"""Children in care pages, each form posted exactly as the page renders it, and who may open them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casemap.access.models import AccessLogEntry, CaseAssignment
from casemap.cases.care_models import (
    AdoptionPlan,
    CareEpisode,
    CareLeaverOutcome,
    CareOutcome,
    CarePeriod,
    CareReview,
    MissingEpisode,
    PreviousPermanence,
    UnaccompaniedStatus,
)
from casemap.cases.services.care import care_episode_change, care_period_start
from casemap.conftest import World
from casemap.core.tests.rendered_forms import (
    form_on_page,
    post_changed,
    post_rendered,
    refused_as_stale,
    rendered_form,
)

TODAY = timezone.localdate()


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def typed_date(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def start_url(world: World) -> str:
    return reverse("cases:care-period-new", args=[world.case.pk])


def period_in_care(world: World) -> CarePeriod:
    return care_period_start(
        acting_user=world.worker,
        case=world.case,
        child=world.child,
        started_on=ago(60),
        category_of_need="N1",
        legal_status="V2",
        placement_type="U6",
        provider="PR1",
        placement_postcode="LS6 2QT",
    )


def test_the_allocated_worker_starts_a_period_of_care_from_the_rendered_form(world: World, client_for) -> None:
    client = client_for(world.worker)
    response = post_changed(
        client,
        start_url(world),
        "care-form",
        child=str(world.child.pk),
        category_of_need="N1",
        legal_status="C1",
        placement_type="U6",
        provider="PR1",
        placement_urn="sc123456",
        home_postcode="ls1 4ap",
        placement_postcode="LS6 2QT",
        **typed_date("started_on", ago(20)),
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#care")
    period = CarePeriod.objects.get(child=world.child)
    episode = period.episodes.get()
    assert (episode.legal_status, episode.placement_urn, episode.home_postcode) == ("C1", "SC123456", "LS1 4AP")
    page = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "Care history of Alkira Cooper" in page
    assert "Interim care order (C1)" in page and "Came into care: Interim care order" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"placement_postcode": "LS6"}, "Enter a full UK postcode, like SW1A 2AA"),
        ({"placement_urn": "AB1234"}, "SC followed by 6 or 7 numbers"),
        ({**typed_date("started_on", TODAY + datetime.timedelta(days=2))}, "must be today or in the past"),
        ({"legal_status": ""}, "Choose the legal status"),
        ({"started_on_month": "13"}, "must be a real date"),
    ],
)
def test_bad_input_on_the_start_form_is_said_plainly_and_the_typing_kept(
    world: World, client_for, changes, message
) -> None:
    client = client_for(world.worker)
    typed = {
        "child": str(world.child.pk),
        "category_of_need": "N4",
        "legal_status": "V2",
        "placement_type": "K2",
        "placement_postcode": "BD1 1AA",
        **typed_date("started_on", ago(5)),
    }
    response = post_changed(client, start_url(world), "care-form", **{**typed, **changes})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and "There is a problem" in body
    shown = form_on_page(response, "care-form")
    assert shown.fields["category_of_need"] == ["N4"]
    assert not CarePeriod.objects.exists()


def test_a_placement_move_is_recorded_from_the_change_form(world: World, client_for) -> None:
    period = period_in_care(world)
    client = client_for(world.worker)
    url = reverse("cases:care-change", args=[world.case.pk, period.pk])
    shown = rendered_form(client, url, "care-form")
    assert shown.fields["placement_type"] == ["U6"] and shown.fields["placement_postcode"] == ["LS6 2QT"]
    response = post_changed(
        client,
        url,
        "care-form",
        new_episode_reason="P",
        placement_type="K2",
        provider="PR4",
        placement_urn="SC765432",
        placement_postcode="HX1 1AB",
        placement_change_reason="CREQB",
        **typed_date("changed_on", ago(10)),
    )
    assert response.status_code == 302
    first, second = CareEpisode.objects.filter(period=period).order_by("started_on")
    assert (first.ended_on, first.end_reason, first.placement_change_reason) == (ago(10), "X1", "CREQB")
    assert (second.started_on, second.new_episode_reason, second.placement_type) == (ago(10), "P", "K2")
    page = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "Change of placement and carers only" in page
    assert "the carer asked for it to end because of the child&#x27;s behaviour" in page


def test_a_change_that_does_not_fit_what_changed_is_refused_on_the_form(world: World, client_for) -> None:
    period = period_in_care(world)
    client = client_for(world.worker)
    url = reverse("cases:care-change", args=[world.case.pk, period.pk])
    response = post_changed(
        client, url, "care-form", new_episode_reason="L", legal_status="V2", **typed_date("changed_on", ago(3))
    )
    assert response.status_code == 200
    assert "Nothing has changed: a new episode needs a new legal status or a new placement" in response.content.decode()
    assert CareEpisode.objects.filter(period=period).count() == 1


def test_a_stale_change_is_refused_with_the_typing_kept(world: World, client_for) -> None:
    period = period_in_care(world)
    client = client_for(world.worker)
    url = reverse("cases:care-change", args=[world.case.pk, period.pk])

    def meanwhile() -> None:
        care_episode_change(
            acting_user=world.manager,
            period=period,
            expected_version=None,
            changed_on=ago(30),
            new_episode_reason="L",
            legal_status="C1",
            placement_type="U6",
            provider="PR1",
            placement_postcode="LS6 2QT",
        )

    again = refused_as_stale(
        client,
        url,
        "care-form",
        meanwhile,
        new_episode_reason="P",
        placement_type="K2",
        placement_change_reason="CHILD",
        **typed_date("changed_on", ago(3)),
    )
    assert again.fields["placement_type"] == ["K2"]
    # The record now has an interim care order: saving the move as typed says so, and once checked it saves.
    checked = post_rendered(client, url, again)
    assert "the legal status is different" in checked.content.decode()
    saved = post_rendered(client, url, form_on_page(checked, "care-form"), legal_status="C1")
    assert saved.status_code == 302
    assert CareEpisode.objects.filter(period=period).order_by("-started_on").first().placement_type == "K2"


def test_the_period_ends_from_the_end_form(world: World, client_for) -> None:
    period = period_in_care(world)
    client = client_for(world.worker)
    url = reverse("cases:care-end", args=[world.case.pk, period.pk])
    refused = post_changed(client, url, "care-form", reason="E11", **typed_date("ended_on", ago(1)))
    assert "Record the decision that the child should be placed for adoption" in refused.content.decode()
    response = post_changed(client, url, "care-form", reason="E4A", **typed_date("ended_on", ago(1)))
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.ended_on, period.end_reason) == (ago(1), "E4A")
    assert client.get(url).status_code == 200  # the page still opens; a second ending is refused on it
    again = post_changed(client, url, "care-form", reason="E4A", **typed_date("ended_on", ago(0)))
    assert "nothing can be recorded after it ended" in again.content.decode()


def test_reviews_missing_episodes_and_previous_permanence_from_their_forms(world: World, client_for) -> None:
    period = period_in_care(world)
    client = client_for(world.worker)
    case = world.case.pk
    review = post_changed(
        client,
        reverse("cases:care-review-new", args=[case, period.pk]),
        "care-form",
        participation="PN1",
        **typed_date("held_on", ago(30)),
    )
    assert review.status_code == 302
    assert CareReview.objects.get(period=period).participation == "PN1"
    went = post_changed(
        client,
        reverse("cases:care-missing-new", args=[case, period.pk]),
        "care-form",
        kind="M",
        **typed_date("started_on", ago(12)),
    )
    assert went.status_code == 302
    missing = MissingEpisode.objects.get(period=period)
    back = post_changed(
        client,
        reverse("cases:care-missing-end", args=[case, missing.pk]),
        "care-form",
        **typed_date("ended_on", ago(11)),
    )
    assert back.status_code == 302
    missing.refresh_from_db()
    assert missing.ended_on == ago(11)
    permanence = post_changed(
        client,
        reverse("cases:care-previous-permanence", args=[case, period.pk]),
        "care-form",
        kind="P2",
        authority="Bradford",
        **typed_date("order_made_on", ago(900)),
    )
    assert permanence.status_code == 302
    assert PreviousPermanence.objects.get(period=period).authority == "Bradford"
    page = client.get(reverse("cases:detail", args=[case])).content.decode()
    assert "Missing or away from placement" in page and "Special guardianship order, Bradford" in page


def test_the_steps_to_adoption_from_their_forms(world: World, client_for) -> None:
    period = period_in_care(world)
    client = client_for(world.worker)
    case = world.case.pk
    decided = post_changed(
        client,
        reverse("cases:care-adoption-new", args=[case, period.pk]),
        "care-form",
        **typed_date("decided_on", ago(40)),
    )
    assert decided.status_code == 302
    plan = AdoptionPlan.objects.get(period=period)
    matched = post_changed(
        client,
        reverse("cases:care-adoption-match", args=[case, plan.pk]),
        "care-form",
        **typed_date("matched_on", ago(20)),
    )
    assert matched.status_code == 302
    url = reverse("cases:care-adoption-adopters", args=[case, plan.pk])
    refused = post_changed(
        client, url, "care-form", by_foster_carers="no", adopter_sexes="M1", adopter_legal_status="L11"
    )
    assert "&#x27;Married couple of different sexes&#x27; cannot describe" in refused.content.decode()
    adopters = post_changed(
        client, url, "care-form", by_foster_carers="yes", adopter_sexes="MF", adopter_legal_status="L11"
    )
    assert adopters.status_code == 302
    plan.refresh_from_db()
    assert (plan.adopter_count, plan.by_foster_carers, plan.matched_on) == (2, True, ago(20))
    reverse_url = reverse("cases:care-adoption-reverse", args=[case, plan.pk])
    ceased = post_changed(client, reverse_url, "care-form", reason="RD4", **typed_date("ceased_on", ago(2)))
    assert ceased.status_code == 302
    plan.refresh_from_db()
    assert plan.ceased_reason == "RD4"


def test_unaccompanied_status_and_outcomes_from_their_forms(world: World, client_for) -> None:
    client = client_for(world.worker)
    case = world.case.pk
    recorded = post_changed(
        client,
        reverse("cases:care-uasc-new", args=[case]),
        "care-form",
        child=str(world.sibling.pk),
        **typed_date("since", ago(100)),
    )
    assert recorded.status_code == 302
    status = UnaccompaniedStatus.objects.get(child=world.sibling)
    ceased = post_changed(
        client, reverse("cases:care-uasc-cease", args=[case, status.pk]), "care-form", **typed_date("ceased_on", ago(1))
    )
    assert ceased.status_code == 302
    outcome_url = reverse("cases:care-outcome-new", args=[case])
    refused = post_changed(client, outcome_url, "care-form", child=str(world.child.pk), year="2026")
    assert "Enter the score, or why there is none, not both" in refused.content.decode()
    outcomes = post_changed(
        client,
        outcome_url,
        "care-form",
        child=str(world.child.pk),
        year="2026",
        sdq_score="17",
        health_check="yes",
        teeth_check="no",
    )
    assert outcomes.status_code == 302
    saved = CareOutcome.objects.get(child=world.child)
    assert (saved.sdq_score, saved.health_check, saved.teeth_check, saved.convicted) == (17, True, False, None)
    leaver = post_changed(
        client,
        reverse("cases:care-leaver-outcome-new", args=[case]),
        "care-form",
        child=str(world.sibling.pk),
        year="2026",
        in_touch="YES",
        activity="F2",
        accommodation="E1",
    )
    assert leaver.status_code == 302
    assert CareLeaverOutcome.objects.get(child=world.sibling).accommodation == "E1"


@pytest.mark.parametrize(("persona", "status"), [("worker", 200), ("manager", 200), ("other_worker", 404)])
def test_who_may_open_the_care_pages(world: World, client_for, persona, status) -> None:
    period = period_in_care(world)
    client = client_for(getattr(world, persona))
    for url in [start_url(world), reverse("cases:care-change", args=[world.case.pk, period.pk])]:
        assert client.get(url).status_code == status


def test_the_team_manager_sees_the_care_history_and_another_teams_worker_does_not(world: World, client_for) -> None:
    period_in_care(world)
    case_url = reverse("cases:detail", args=[world.case.pk])
    assert "Care history of Alkira Cooper" in client_for(world.manager).get(case_url).content.decode()
    assert client_for(world.other_worker).get(case_url).status_code == 404


def test_another_teams_worker_cannot_post_a_change(world: World, client_for) -> None:
    period = period_in_care(world)
    url = reverse("cases:care-change", args=[world.case.pk, period.pk])
    shown = rendered_form(client_for(world.worker), url, "care-form")
    data = {name: values for name, values in shown.fields.items() if values}
    data.update({"new_episode_reason": ["P"], "placement_type": ["K2"], **typed_date("changed_on", ago(3))})
    assert client_for(world.other_worker).post(url, data).status_code == 404
    assert CareEpisode.objects.filter(period=period).count() == 1


def test_a_practice_lead_is_refused_until_assigned(world: World, client_for) -> None:
    client = client_for(world.practice_lead)
    assert client.get(start_url(world)).status_code == 404
    CaseAssignment.objects.create(
        case=world.case, user=world.practice_lead, purpose="Audit", assigned_by=world.manager, starts_on=TODAY
    )
    assert client.get(start_url(world)).status_code == 200


def test_opening_a_care_form_is_in_the_access_log_for_the_children_it_shows(world: World, client_for) -> None:
    period = period_in_care(world)
    client = client_for(world.worker)
    client.get(reverse("cases:care-change", args=[world.case.pk, period.pk]))
    logged = AccessLogEntry.objects.filter(record_type="care record", user=world.worker)
    assert set(logged.values_list("person_id", flat=True)) == {world.child.pk}
    client.get(start_url(world))
    assert set(logged.values_list("person_id", flat=True)) == {world.child.pk, world.sibling.pk}

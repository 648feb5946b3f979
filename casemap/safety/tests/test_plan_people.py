"""Who a plan names is chosen from the people already on the record, posted as the pages render the forms: one
network member chosen is linked to the network; several people, or anyone typed, are kept as one list of names as
before, so older plans read and save the same and the family's copy says "make sure" for several people."""

import pytest
from django.test import Client
from django.urls import reverse

from casemap.cases.services import case_professional_add
from casemap.conftest import World
from casemap.core.people_choice import SOMEONE_ELSE
from casemap.core.tests.rendered_forms import post_changed, rendered_form
from casemap.safety.models import PlanContact, SafetyNetworkMember, SafetyPlan, SafetyPlanRule
from casemap.safety.services import network_member_deactivate
from casemap.safety.tests.plan_data import TODAY, draft_plan

pytestmark = pytest.mark.django_db
WORDING = "Rose has the children for tea on Wednesdays."


def plan_page(plan: SafetyPlan) -> str:
    return reverse("safety:plan", args=[plan.pk])


def add_rule(client: Client, plan: SafetyPlan, **typed: str | list[str]):  # type: ignore[no-untyped-def]
    posts_to = reverse("safety:plan-section-add", args=[plan.pk, "rules"])
    return post_changed(client, plan_page(plan), posts_to=posts_to, **{"rules-wording": WORDING, **typed})


def add_contact(client: Client, plan: SafetyPlan, **typed: str | list[str]):  # type: ignore[no-untyped-def]
    posts_to = reverse("safety:plan-section-add", args=[plan.pk, "contacts"])
    return post_changed(client, plan_page(plan), posts_to=posts_to, **{"contacts-when_to_call": "Any time", **typed})


def new_rule(plan: SafetyPlan) -> SafetyPlanRule:
    return SafetyPlanRule.objects.get(plan=plan, wording=WORDING)


def test_the_rule_form_offers_the_worker_the_family_the_network_and_the_professionals(world: World, client_for) -> None:
    plan = draft_plan(world)
    teacher = case_professional_add(acting_user=world.worker, case=world.case, name="Ms Khan", agency_name="School")
    form = rendered_form(
        client_for(world.worker), plan_page(plan), posts_to=reverse("safety:plan-section-add", args=[plan.pk, "rules"])
    )
    rose = world.case.network_members.get(name="Rose")
    offered = form.options["rules-responsible_people"]
    assert offered[0] == "you"
    for key in [
        f"person-{world.mother.pk}",
        f"person-{world.child.pk}",
        f"network-{rose.pk}",
        f"professional-{teacher.pk}",
    ]:
        assert key in offered and key in form.options["rules-checker_people"]


def test_one_network_member_ticked_is_linked_to_the_network(world: World, client_for) -> None:
    plan = draft_plan(world)
    kerri, rose = (world.case.network_members.get(name=name) for name in ("Kerri", "Rose"))
    response = add_rule(
        client_for(world.worker),
        plan,
        **{"rules-responsible_people": f"network-{kerri.pk}", "rules-checker_people": f"network-{rose.pk}"},
    )
    assert response.status_code == 302
    rule = new_rule(plan)
    assert (rule.responsible_member, rule.responsible_name, rule.checker_member) == (kerri, "", rose)


def test_several_people_and_anyone_else_are_kept_as_one_list_of_names(world: World, client_for) -> None:
    plan = draft_plan(world)
    client = client_for(world.worker)
    response = add_rule(
        client,
        plan,
        **{
            "rules-responsible_people": f"person-{world.mother.pk}",
            "rules-responsible_others": "Eddy (dad)",
            "rules-checker_people": [f"network-{world.case.network_members.get(name=n).pk}" for n in ("Kerri", "Pat")],
        },
    )
    assert response.status_code == 302
    rule = new_rule(plan)
    assert rule.responsible_member is None and rule.responsible == "Merinda Cooper and Eddy (dad)"
    assert rule.checker_member is None and rule.checker == "Kerri and Pat"
    family_copy = client.get(reverse("safety:plan-print", args=[plan.pk])).content.decode()
    assert "Merinda Cooper and Eddy (dad) make sure this happens." in family_copy
    assert "Kerri and Pat check." in family_copy


def test_a_rule_saved_earlier_shows_again_as_it_was_and_saves_unchanged(world: World, client_for) -> None:
    plan = draft_plan(world)
    rule = plan.rules.get()  # "Merinda and Eddy" make sure, typed; Rose checks, from the network
    client = client_for(world.worker)
    url = reverse("safety:plan-section-change", args=[plan.pk, "rules", rule.pk])
    form = rendered_form(client, url, "row-form")
    rose = world.case.network_members.get(name="Rose")
    assert "rules-responsible_people" not in form.fields and form.fields["rules-responsible_others"] == [
        "Merinda and Eddy"
    ]
    assert form.fields["rules-checker_people"] == [f"network-{rose.pk}"]
    assert post_changed(client, url, "row-form").status_code == 302
    rule.refresh_from_db()
    assert (rule.responsible_name, rule.checker_member) == ("Merinda and Eddy", rose)


def test_someone_who_has_left_the_network_is_said_so_and_cannot_be_chosen_alone(world: World, client_for) -> None:
    plan = draft_plan(world)
    pat = network_member_deactivate(
        acting_user=world.worker,
        member=SafetyNetworkMember.objects.get(name="Pat"),
        expected_version=None,
        inactive_since=TODAY,
        reason="Moved away",
    )
    client = client_for(world.worker)
    page = client.get(plan_page(plan)).content.decode()
    assert "Pat (left the safety network)" in page
    response = add_rule(client, plan, **{"rules-responsible_people": f"network-{pat.pk}"})
    assert response.status_code == 400
    assert "Pat has left the safety network: choose someone else" in response.content.decode()
    assert not SafetyPlanRule.objects.filter(wording=WORDING).exists()


def test_too_many_names_are_refused_in_plain_words(world: World, client_for) -> None:
    plan = draft_plan(world)
    typed = {"rules-responsible_people": f"person-{world.mother.pk}", "rules-responsible_others": "Eddy " * 30}
    response = add_rule(client_for(world.worker), plan, **typed)
    assert response.status_code == 400
    assert "The names must be 160 characters or fewer" in response.content.decode()
    assert not SafetyPlanRule.objects.filter(wording=WORDING).exists()


def test_who_to_call_from_the_network_brings_their_number(world: World, client_for) -> None:
    plan = draft_plan(world)
    kerri = world.case.network_members.get(name="Kerri")
    response = add_contact(client_for(world.worker), plan, **{"contacts-who_choice": f"network-{kerri.pk}"})
    assert response.status_code == 302
    contact = PlanContact.objects.get(plan=plan, member=kerri)
    assert (contact.name, contact.phone, contact.display_phone) == ("", "", "01632 960202")


def test_who_to_call_from_the_professionals_brings_the_number_on_their_record(world: World, client_for) -> None:
    plan = draft_plan(world)
    teacher = case_professional_add(
        acting_user=world.worker, case=world.case, name="Ms Khan", agency_name="School", phone="01632 960505"
    )
    response = add_contact(client_for(world.worker), plan, **{"contacts-who_choice": f"professional-{teacher.pk}"})
    assert response.status_code == 302
    contact = PlanContact.objects.get(plan=plan, name="Ms Khan")
    assert (contact.member, contact.phone) == (None, "01632 960505")


def test_someone_else_to_call_needs_a_number(world: World, client_for) -> None:
    plan = draft_plan(world)
    client = client_for(world.worker)
    typed = {"contacts-who_choice": SOMEONE_ELSE, "contacts-who_other": "Family helpline"}
    refused = add_contact(client, plan, **typed)
    assert refused.status_code == 400
    assert "There is no phone number for Family helpline on the record: enter the number to call" in (
        refused.content.decode()
    )
    assert add_contact(client, plan, **typed, **{"contacts-phone": "0808 800 5000"}).status_code == 302
    assert PlanContact.objects.get(plan=plan, name="Family helpline").phone == "0808 800 5000"


def test_a_contact_saved_earlier_shows_its_person_chosen(world: World, client_for) -> None:
    plan = draft_plan(world)
    contact = plan.contacts.get()
    form = rendered_form(
        client_for(world.worker),
        reverse("safety:plan-section-change", args=[plan.pk, "contacts", contact.pk]),
        "row-form",
    )
    assert form.fields["contacts-who_choice"] == [f"network-{contact.member_id}"]

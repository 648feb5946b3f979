"""Network and family tree pages with the personas: who may see and change, forms that keep typed work,
and pictures that show the same people as their tables."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from casemap.access.models import AccessLogEntry
from casemap.cases.services import case_professional_add
from casemap.conftest import REFUSED, SEES, World
from casemap.core.people_choice import SOMEONE_ELSE
from casemap.core.tests.rendered_forms import post_changed, rendered_form
from casemap.people.models import RelationshipType
from casemap.people.services import relationship_add
from casemap.safety.models import SafetyNetworkMember
from casemap.safety.services import network_member_add, network_member_update

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def rose(world: World, **extra: object) -> SafetyNetworkMember:
    fields: dict = {"name": "Rose Ashworth", "phone": "01632 960101", "roles": ["mentor"]}
    return network_member_add(acting_user=world.worker, case=world.case, **(fields | extra))


def member_post(**extra: str) -> dict[str, object]:
    return {
        "name": "Kerri Lomax",
        "relationship_kind": "friend",
        "relationship_text": "",
        "phone": "01632 960202",
        "email": "",
        "address": "",
        "roles": ["supervises_family_time", "gives_feedback"],
        "told_danger_statements_on_day": str(TODAY.day),
        "told_danger_statements_on_month": str(TODAY.month),
        "told_danger_statements_on_year": str(TODAY.year),
        "notes": "",
        **extra,
    }


@pytest.mark.parametrize("persona", SEES)
def test_the_case_team_and_line_see_the_network_and_family_tree(world: World, client_for, persona: str) -> None:
    rose(world)
    client = client_for(getattr(world, persona))
    page = client.get(reverse("safety:network", args=[world.case.pk]))
    assert page.status_code == 200
    assert "Rose Ashworth" in page.content.decode()
    assert client.get(reverse("safety:family-tree", args=[world.child.pk])).status_code == 200


@pytest.mark.parametrize("persona", REFUSED)
def test_everyone_else_gets_not_found_on_every_page_and_post(world: World, client_for, persona: str) -> None:
    member = rose(world)
    client = client_for(getattr(world, persona))
    gets = [
        reverse("safety:network", args=[world.case.pk]),
        reverse("safety:member-add", args=[world.case.pk]),
        reverse("safety:member-change", args=[member.pk]),
        reverse("safety:member-deactivate", args=[member.pk]),
        reverse("safety:family-tree", args=[world.child.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        (reverse("safety:member-add", args=[world.case.pk]), member_post()),
        (reverse("safety:member-change", args=[member.pk]), member_post(version="1")),
        (
            reverse("safety:member-deactivate", args=[member.pk]),
            {
                "version": "1",
                "reason": "x",
                "inactive_since_day": "1",
                "inactive_since_month": "1",
                "inactive_since_year": "2026",
            },
        ),
        (reverse("safety:member-reactivate", args=[member.pk]), {"version": "1"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    member.refresh_from_db()
    assert member.version == 1 and member.is_active
    assert SafetyNetworkMember.objects.count() == 1


def add_member_form(client, world: World, **typed: str | list[str]):  # type: ignore[no-untyped-def]
    """The add-a-member form as the page renders it, with the worker's answers."""
    return post_changed(client, reverse("safety:member-add", args=[world.case.pk]), "member-form", **typed)


def test_the_worker_adds_a_member_and_sees_them_in_the_table_and_picture(world: World, client_for) -> None:
    client = client_for(world.worker)
    case_page = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert reverse("safety:network", args=[world.case.pk]) in case_page
    response = add_member_form(
        client,
        world,
        who_choice=SOMEONE_ELSE,
        who_other="Kerri Lomax",
        relationship_kind="friend",
        phone="01632 960202",
        roles=["supervises_family_time", "gives_feedback"],
        told_danger_statements_on_day=str(TODAY.day),
        told_danger_statements_on_month=str(TODAY.month),
        told_danger_statements_on_year=str(TODAY.year),
    )
    assert response.status_code == 302
    member = SafetyNetworkMember.objects.get()
    assert (member.name, member.person, member.phone) == ("Kerri Lomax", None, "01632 960202")
    assert member.roles == ["supervises_family_time", "gives_feedback"]
    assert member.told_danger_statements_on == TODAY
    page = client.get(response["Location"]).content.decode()
    assert "Kerri Lomax" in page and "Supervises family time" in page


def test_a_form_with_errors_keeps_what_was_typed(world: World, client_for) -> None:
    client = client_for(world.worker)
    response = add_member_form(client, world, who_choice=SOMEONE_ELSE, who_other="", phone="01632 960303")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the name of the person, or choose them from the list" in page
    assert 'value="01632 960303"' in page
    assert not SafetyNetworkMember.objects.exists()
    nobody = add_member_form(client, world, who_choice="")
    assert "Choose who is joining the safety network, or enter the name of someone new" in nobody.content.decode()


def test_someone_on_the_record_joins_with_their_details_and_relationship(world: World, client_for) -> None:
    world.mother.phone = "01632 960404"
    world.mother.save()
    client = client_for(world.worker)
    response = add_member_form(client, world, who_choice=f"person-{world.mother.pk}", roles=["mentor"])
    assert response.status_code == 302
    member = SafetyNetworkMember.objects.get()
    assert (member.person, member.name, member.phone) == (world.mother, "", "01632 960404")
    assert member.relationship_kind == RelationshipType.MOTHER  # as her record says, not typed again


def test_a_professional_joins_with_their_number_and_role(world: World, client_for) -> None:
    teacher = case_professional_add(
        acting_user=world.worker,
        case=world.case,
        name="Ms Khan",
        agency_name="Northbridge Primary",
        role="Class teacher",
        phone="01632 960505",
        email="khan@example.org",
    )
    client = client_for(world.worker)
    response = add_member_form(client, world, who_choice=f"professional-{teacher.pk}")
    assert response.status_code == 302
    member = SafetyNetworkMember.objects.get()
    assert (member.professional, member.phone, member.email) == (teacher, "01632 960505", "khan@example.org")
    assert member.relationship_label == "Class teacher"


def test_only_adults_and_professionals_not_yet_in_the_network_are_offered(world: World, client_for) -> None:
    client = client_for(world.worker)
    url = reverse("safety:member-add", args=[world.case.pk])
    offered = rendered_form(client, url, "member-form").options["who_choice"]
    assert f"person-{world.mother.pk}" in offered and SOMEONE_ELSE in offered
    assert f"person-{world.child.pk}" not in offered and "you" not in offered
    network_member_add(acting_user=world.worker, case=world.case, person=world.mother)
    assert f"person-{world.mother.pk}" not in rendered_form(client, url, "member-form").options["who_choice"]


def test_a_member_with_no_contact_is_flagged_on_the_network_and_case_pages(world: World, client_for) -> None:
    rose(world, phone="")
    client = client_for(world.worker)
    page = client.get(reverse("safety:network", args=[world.case.pk])).content.decode()
    assert "No way to reach Rose Ashworth" in page
    assert "No way to reach them" in page
    case_page = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "No way to reach 1 member recorded" in case_page


def test_a_stale_change_is_refused_and_the_typed_work_kept(world: World, client_for) -> None:
    member = rose(world)
    client = client_for(world.worker)
    form_page = client.get(reverse("safety:member-change", args=[member.pk])).content.decode()
    assert 'name="version" value="1"' in form_page
    network_member_update(acting_user=world.teammate, member=member, expected_version=1, name="Rose A", phone="1")
    response = client.post(
        reverse("safety:member-change", args=[member.pk]), member_post(name="Rose Ashworth-Smith", version="1")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "changed this record" in page
    assert 'value="Rose Ashworth-Smith"' in page
    assert SafetyNetworkMember.objects.get().name == "Rose A"


def test_deactivate_and_reactivate_through_the_pages(world: World, client_for) -> None:
    member = rose(world)
    client = client_for(world.worker)
    missing_reason = client.post(
        reverse("safety:member-deactivate", args=[member.pk]),
        {
            "version": "1",
            "reason": "",
            "inactive_since_day": str(TODAY.day),
            "inactive_since_month": str(TODAY.month),
            "inactive_since_year": str(TODAY.year),
        },
    )
    assert missing_reason.status_code == 400
    response = client.post(
        reverse("safety:member-deactivate", args=[member.pk]),
        {
            "version": "1",
            "reason": "Moved to Leeds",
            "inactive_since_day": str(TODAY.day),
            "inactive_since_month": str(TODAY.month),
            "inactive_since_year": str(TODAY.year),
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Inactive since" in page and "Moved to Leeds" in page
    assert "No active members" in page
    response = client.post(reverse("safety:member-reactivate", args=[member.pk]), {"version": "2"})
    assert response.status_code == 302
    assert SafetyNetworkMember.objects.get().is_active


def _svg_and_table_names(page: str, table_id: str) -> tuple[list[str], list[str]]:
    svg = re.search(r"<svg class=\"casemap-chart\".*?</svg>", page, re.S)
    table = re.search(rf'<table class="govuk-table" id="{table_id}">.*?</table>', page, re.S)
    assert svg and table
    in_svg = re.findall(r'data-name="([^"]+)"', svg.group(0))
    in_table = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>', table.group(0))
    return sorted(in_svg), sorted(in_table)


def test_the_network_picture_has_the_same_people_as_its_table(world: World, client_for) -> None:
    from casemap.cases.services import case_professional_add

    rose(world)
    network_member_add(acting_user=world.worker, case=world.case, name="Pat Firth", roles=[])
    case_professional_add(
        acting_user=world.worker, case=world.case, name="Dr Ada Shah", role="GP", agency_name="Mill Surgery"
    )
    page = client_for(world.worker).get(reverse("safety:network", args=[world.case.pk])).content.decode()
    in_svg, in_table = _svg_and_table_names(page, "ecomap-table")
    assert in_svg == in_table == ["Dr Ada Shah", "Pat Firth", "Rose Ashworth"]
    assert 'role="img"' in page and '<title id="ecomap-title">' in page
    assert "In the network, no role agreed yet" in page
    assert "Professional working with the family" in page


def test_the_family_tree_has_the_same_people_as_its_table(world: World, client_for) -> None:
    relationship_add(
        acting_user=world.worker, person=world.child, relative=world.sibling, kind=RelationshipType.SIBLING
    )
    client = client_for(world.worker)
    response = client.get(reverse("safety:family-tree", args=[world.child.pk]))
    page = response.content.decode()
    in_svg, in_table = _svg_and_table_names(page, "tree-table")
    assert in_svg == in_table == ["Alkira Cooper", "Darel Cooper", "Merinda Cooper"]
    assert 'role="img"' in page
    assert AccessLogEntry.objects.filter(record_type="family_tree", person=world.child).exists()


def test_the_child_record_shows_the_network_count_and_family_tree_link(world: World, client_for) -> None:
    rose(world)
    rose(world, name="Kerri Lomax")
    page = client_for(world.worker).get(reverse("people:detail", args=[world.child.pk])).content.decode()
    assert "Safety network: 2 active members" in page
    assert reverse("safety:family-tree", args=[world.child.pk]) in page
    assert reverse("safety:network", args=[world.case.pk]) in page


def test_opening_a_members_form_is_logged_for_each_child(world: World, client_for) -> None:
    member = rose(world)
    client_for(world.teammate).get(reverse("safety:member-change", args=[member.pk]))
    seen = AccessLogEntry.objects.filter(user=world.teammate, action="view", record_type="safety_network_member")
    assert {entry.person for entry in seen} == {world.child, world.sibling}


def test_work_kept_at_an_idle_time_out_comes_back_on_the_form(world: World, client_for) -> None:
    from casemap.core.models import KeptDraft

    url = reverse("safety:member-add", args=[world.case.pk])
    draft = KeptDraft.objects.create(
        owner=world.worker,
        path=url,
        data={"who_choice": [SOMEONE_ELSE], "who_other": ["Kerri Lomax"], "phone": ["01632 960202"]},
    )
    response = client_for(world.worker).get(f"{url}?draft={draft.pk}")
    page = response.content.decode()
    assert 'value="Kerri Lomax"' in page and 'value="01632 960202"' in page
    assert not SafetyNetworkMember.objects.exists()

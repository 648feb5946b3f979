"""The case page reads the case once (`case_page`) and shows every child on it: a family of three where only some
children are on a plan shows each child's own status, and a child archived as recorded twice is not shown."""

import datetime
import re

import pytest
from django.urls import reverse

from casemap.conftest import World
from casemap.people.models import Person, RelationshipType
from casemap.people.services import family_member_add, person_archive
from casemap.words.services import explanation_record_create

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def words_rows(page: str) -> dict[str, str]:
    """Each child's row of the Words and Pictures panel: whether the worries and the plan were explained."""
    panel = page[page.index('id="words"') :]
    panel = panel[: panel.index("</table>")]
    rows = re.findall(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a></th><td[^>]*>(.*?)</td>', panel, re.S)
    return {name: re.sub(r"<[^>]+>", "", status).strip() for name, status in rows}


def a_third_child(world: World) -> Person:
    """Jirra, born since the referral: on the case as the children's sister, not on the plan."""
    return family_member_add(
        acting_user=world.worker,
        person=world.child,
        details={"first_name": "Jirra", "last_name": "Cooper", "is_child": True, "date_of_birth": TODAY},
        kind=RelationshipType.SIBLING,
        also_for=[world.sibling],
    )


def test_each_child_of_three_shows_their_own_plan_status(world: World, client_for) -> None:
    a_third_child(world)
    explanation_record_create(
        acting_user=world.worker,
        child=world.child,
        case=world.case,
        explained_on=TODAY,
        how="Told with her drawing of the house",
        explained_by="Sally",
    )
    page = client_for(world.worker).get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert words_rows(page) == {
        "Darel": "No explanation recorded",
        "Alkira": f"Explained {TODAY:%-d %b %Y}",
        "Jirra": "Not on a plan",
    }


def test_a_child_archived_as_recorded_twice_is_not_shown(world: World, client_for) -> None:
    twice = a_third_child(world)
    person_archive(acting_user=world.manager, person=twice, reason="Recorded twice by mistake")
    page = client_for(world.worker).get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "Jirra" not in page
    assert set(words_rows(page)) == {"Darel", "Alkira"}

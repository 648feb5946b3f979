"""The panels other pages include: the child on a plan with no explanation is flagged, in three queries (and on
the case page one more, the policy's answer to whether the user may start a booklet)."""

import pytest
from django.template import Context, Template

from casemap.conftest import World
from casemap.words.tests.test_selectors import give

pytestmark = pytest.mark.django_db


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_the_child_panel_flags_a_child_on_a_plan_with_no_explanation(world: World, django_assert_num_queries) -> None:
    # The child's cases the worker may see (asked once for the whole record), then three.
    with django_assert_num_queries(4):
        html = render('{% include "words/_child_record_panel.html" %}', person=world.child, user=world.worker)
    assert "Alkira is on a plan and has no explanation recorded" in html
    give(world, world.child)
    html = render('{% include "words/_child_record_panel.html" %}', person=world.child, user=world.worker)
    assert "last explained to Alkira on" in html and "has no explanation" not in html
    assert (
        render('{% include "words/_child_record_panel.html" %}', person=world.mother, user=world.worker).strip() == ""
    )


def test_the_case_panel_shows_each_child_in_four_queries(world: World, django_assert_num_queries) -> None:
    give(world, world.child)
    children = [world.child, world.sibling]
    with django_assert_num_queries(4):
        html = render('{% include "words/_case_panel.html" %}', case=world.case, children=children, user=world.worker)
    assert html.count("No explanation recorded") == 1 and "Explained " in html and "Start a booklet" in html


def test_the_case_panel_offers_a_booklet_only_to_someone_who_may_add_to_the_case(world: World) -> None:
    children = [world.child, world.sibling]
    assert "Start a booklet" in render(
        '{% include "words/_case_panel.html" %}', case=world.case, children=children, user=world.teammate
    )
    html = render('{% include "words/_case_panel.html" %}', case=world.case, children=children, user=world.data_officer)
    assert "The case's booklets" in html and "Start a booklet" not in html

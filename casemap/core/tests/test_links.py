"""Links worked out once for a process must be the links reverse() and `{% url %}` give, wherever the site is
served."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from casemap.core.links import link_for_each, link_for_each_pair, link_to


@pytest.fixture
def served_under_a_prefix():
    set_script_prefix("/casemap/")
    yield
    set_script_prefix("/")


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("cases:my-caseload", ()),
        ("cases:detail", (7,)),
        ("mapping:map", (12,)),
        ("mapping:item-edit", (3, 81)),
        ("mapping:next-step-done", (4, 31)),
    ],
)
def test_a_link_is_the_path_reverse_gives(name: str, ids: tuple[int, ...]) -> None:
    assert link_to(name, *ids) == reverse(name, args=ids)


def test_links_for_each_record_are_the_paths_reverse_gives() -> None:
    edit = link_for_each("mapping:item-edit", 3)
    assert [edit(pk) for pk in (81, 9)] == [reverse("mapping:item-edit", args=[3, pk]) for pk in (81, 9)]
    # Worked out once for the page, not for the map: another map's links are its own.
    assert link_for_each("mapping:item-edit", 5)(81) == reverse("mapping:item-edit", args=[5, 81])
    done = link_for_each_pair("mapping:next-step-done")
    assert done(4, 31) == reverse("mapping:next-step-done", args=[4, 31])


def test_a_site_served_under_a_prefix_gets_links_under_it(served_under_a_prefix: None) -> None:
    assert link_to("mapping:map", 12) == "/casemap/maps/12/" == reverse("mapping:map", args=[12])
    assert link_for_each("cases:detail")(7) == reverse("cases:detail", args=[7])


def test_the_link_tag_writes_what_the_url_tag_writes() -> None:
    values = Context({"map": {"pk": 12, "case_id": 7}, "pair": {"id": 3}})
    for tag in ("link", "url"):
        assert (
            Template(
                f"{{% {tag} 'mapping:map' map.pk %}} {{% {tag} 'mapping:pair-edit' map.pk pair.id %}} "
                f"{{% {tag} 'cases:detail' map.case_id %}}"
            ).render(values)
            == "/maps/12/ /maps/12/pairs/3/ /cases/7/"
        )


def test_a_page_that_takes_other_arguments_is_refused_as_reverse_refuses_it() -> None:
    with pytest.raises(NoReverseMatch):
        link_to("cases:my-caseload", 7)


def test_a_site_with_other_urls_gets_its_own_links(settings) -> None:
    assert link_to("mapping:map", 12) == "/maps/12/"
    settings.ROOT_URLCONF = "casemap.core.tests.urls_under_a_prefix"
    assert link_to("mapping:map", 12) == reverse("mapping:map", args=[12]) == "/casework/maps/12/"

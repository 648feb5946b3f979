"""The family tree layout: generations from relationship kinds, shapes by sex, lines for parents and partners."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from casemap.safety.genogram import FamilyLink, FamilyPerson, family_tree_layout


def person(pid: int, name: str, sex: str = "U", born: int | None = None) -> FamilyPerson:
    return FamilyPerson(pid, name, name.split()[0], sex, datetime.date(born, 1, 1) if born else None)


ALKIRA = person(1, "Alkira Cooper", "F", 2019)
DAREL = person(2, "Darel Cooper", "M", 2015)
JIRRA = person(3, "Jirra Cooper", "M", 2022)
MERINDA = person(4, "Merinda Cooper", "F", 1990)
EDDY = person(5, "Eddy Cooper", "M", 1988)
NAN = person(6, "June Walker", "F", 1960)
GRANDAD = person(7, "Ray Cooper", "M", 1958)
STEP = person(8, "Sam Lee")
COUSIN = person(9, "Ali Walker", "U", 2016)


def seed_family() -> tuple[list[FamilyPerson], list[FamilyLink]]:
    people = [ALKIRA, DAREL, JIRRA, MERINDA, EDDY]
    links = []
    for child in (ALKIRA, DAREL, JIRRA):
        links.append(FamilyLink(child.id, MERINDA.id, "mother"))
        links.append(FamilyLink(child.id, EDDY.id, "father"))
    links += [FamilyLink(ALKIRA.id, DAREL.id, "sibling"), FamilyLink(ALKIRA.id, JIRRA.id, "sibling")]
    return people, links


def by_name(tree) -> dict:  # type: ignore[no-untyped-def]
    return {node.name: node for node in tree.nodes}


def test_parents_sit_a_generation_above_and_siblings_beside() -> None:
    people, links = seed_family()
    tree = family_tree_layout(focus=ALKIRA, people=people, links=links)
    nodes = by_name(tree)
    assert nodes["Alkira Cooper"].generation == 0 and nodes["Alkira Cooper"].is_focus
    assert nodes["Merinda Cooper"].generation == -1 and nodes["Eddy Cooper"].generation == -1
    assert nodes["Darel Cooper"].generation == 0 and nodes["Jirra Cooper"].generation == 0
    assert nodes["Merinda Cooper"].y < nodes["Alkira Cooper"].y
    assert nodes["Darel Cooper"].y == nodes["Alkira Cooper"].y == nodes["Jirra Cooper"].y
    assert nodes["Merinda Cooper"].relationship == "Mother"
    assert nodes["Darel Cooper"].relationship == "Brother or sister"
    # Older brothers and sisters to the left of younger ones (after the child the tree is about).
    assert nodes["Darel Cooper"].x < nodes["Jirra Cooper"].x
    assert tree.left_out == []


def test_shapes_follow_the_genogram_convention() -> None:
    people, links = seed_family()
    people.append(STEP)
    links.append(FamilyLink(ALKIRA.id, STEP.id, "step_parent"))
    nodes = by_name(family_tree_layout(focus=ALKIRA, people=people, links=links))
    assert nodes["Eddy Cooper"].shape == "square"
    assert nodes["Merinda Cooper"].shape == "circle"
    assert nodes["Sam Lee"].shape == "diamond"


def test_lines_join_parents_to_children_and_the_parents_as_partners() -> None:
    people, links = seed_family()
    tree = family_tree_layout(focus=ALKIRA, people=people, links=links)
    kinds = [line.kind for line in tree.lines]
    # One line from the couple to each child; brothers and sisters who share parents need no other line.
    assert sorted(kinds) == ["birth", "birth", "birth", "partner"]
    nodes = by_name(tree)
    partner = next(line for line in tree.lines if line.kind == "partner")
    assert partner.points[0][1] == nodes["Merinda Cooper"].y == nodes["Eddy Cooper"].y
    middle = (nodes["Merinda Cooper"].x + nodes["Eddy Cooper"].x) / 2
    births = [line for line in tree.lines if line.kind == "birth"]
    assert {line.points[0] for line in births} == {(middle, nodes["Merinda Cooper"].y)}
    assert sorted(line.points[-1] for line in births) == sorted(
        (nodes[name].x, nodes[name].y - 20) for name in ("Alkira Cooper", "Darel Cooper", "Jirra Cooper")
    )


def test_a_family_with_a_step_parent_and_grandparents() -> None:
    people = [ALKIRA, MERINDA, STEP, NAN, GRANDAD, COUSIN, DAREL]
    links = [
        FamilyLink(ALKIRA.id, MERINDA.id, "mother"),
        FamilyLink(ALKIRA.id, STEP.id, "step_parent"),
        FamilyLink(MERINDA.id, STEP.id, "partner"),
        FamilyLink(MERINDA.id, NAN.id, "mother"),  # recorded on Merinda's record
        FamilyLink(ALKIRA.id, GRANDAD.id, "grandparent"),  # recorded directly on Alkira's
        FamilyLink(ALKIRA.id, COUSIN.id, "cousin"),
        FamilyLink(DAREL.id, ALKIRA.id, "half_sibling"),  # Alkira is Darel's half-sister
    ]
    tree = family_tree_layout(focus=ALKIRA, people=people, links=links)
    nodes = by_name(tree)
    assert nodes["June Walker"].generation == -2
    assert nodes["June Walker"].relationship == "Merinda's mother"
    assert nodes["Ray Cooper"].generation == -2
    assert nodes["Ray Cooper"].relationship == "Grandparent"
    assert nodes["Sam Lee"].generation == -1
    assert nodes["Sam Lee"].relationship == "Step-parent"
    assert nodes["Ali Walker"].generation == 0
    assert nodes["Darel Cooper"].generation == 0
    assert nodes["Darel Cooper"].relationship == "Half-brother or half-sister"
    assert nodes["June Walker"].generation_label == "Grandparents"
    assert nodes["Merinda Cooper"].generation_label == "Parents"
    rows = sorted({node.y for node in tree.nodes})
    assert len(rows) == 3
    kinds = sorted(line.kind for line in tree.lines)
    assert kinds == ["birth", "birth", "partner", "sibling", "skip", "step"]
    # Merinda (mother) before Sam (step-parent) along the parents' row.
    assert nodes["Merinda Cooper"].x < nodes["Sam Lee"].x
    assert all(0 < node.x < tree.width and 0 < node.y < tree.height for node in tree.nodes)


def test_children_of_the_person_sit_below_and_strangers_are_left_out() -> None:
    baby = person(10, "Kai Cooper", "M", 2025)
    stranger = person(11, "No Link")
    links = [FamilyLink(baby.id, MERINDA.id, "mother")]
    tree = family_tree_layout(focus=MERINDA, people=[MERINDA, baby, stranger], links=links)
    nodes = by_name(tree)
    assert nodes["Kai Cooper"].generation == 1
    assert nodes["Kai Cooper"].relationship == "Child"
    assert nodes["Kai Cooper"].generation_label == "Children"
    assert tree.left_out == ["No Link"]


def test_friends_are_not_on_the_family_tree() -> None:
    friend = person(12, "Rose Ashworth", "F")
    tree = family_tree_layout(focus=ALKIRA, people=[ALKIRA, friend], links=[FamilyLink(ALKIRA.id, friend.id, "friend")])
    assert [node.name for node in tree.nodes] == ["Alkira Cooper"]
    assert tree.lines == []


def test_a_person_with_no_family_recorded() -> None:
    tree = family_tree_layout(focus=ALKIRA, people=[], links=[])
    assert len(tree.nodes) == 1
    assert tree.width > 0 and tree.height > 0


KINDS = ["mother", "father", "step_parent", "sibling", "half_sibling", "grandparent", "aunt_uncle", "cousin", "partner"]


@settings(deadline=None, max_examples=200)
@given(
    sexes=st.lists(st.sampled_from(["M", "F", "U"]), min_size=1, max_size=9),
    raw_links=st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8), st.sampled_from(KINDS)), max_size=20),
)
def test_any_recorded_family_is_laid_out_inside_the_picture_without_overlaps(sexes: list, raw_links: list) -> None:
    people = [person(index + 1, f"P{index} X", sex) for index, sex in enumerate(sexes)]
    links = [FamilyLink(a + 1, b + 1, kind) for a, b, kind in raw_links if a < len(people) and b < len(people)]
    tree = family_tree_layout(focus=people[0], people=people, links=links)
    assert sum(node.is_focus for node in tree.nodes) == 1
    assert len({(node.x, node.y) for node in tree.nodes}) == len(tree.nodes)
    assert len(tree.nodes) + len(tree.left_out) == len(people)
    for node in tree.nodes:
        assert 0 < node.x < tree.width and 0 < node.y < tree.height
        assert node.shape == {"M": "square", "F": "circle"}.get(node.sex, "diamond")
    # Rows follow generations: older people are always higher up.
    for a in tree.nodes:
        for b in tree.nodes:
            if a.generation < b.generation:
                assert a.y < b.y
    for line in tree.lines:
        assert all(0 <= x <= tree.width and 0 <= y <= tree.height for x, y in line.points)

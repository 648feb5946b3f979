"""The family tree (genogram) laid out as positioned shapes and lines: a pure function, no database.

Generations come from the kind of each recorded relationship (parents above, grandparents above them,
brothers, sisters, cousins and partners beside, children below). Shapes follow the usual genogram
convention: a square for a male, a circle for a female, a diamond when not known.
"""

import datetime
from collections import deque
from dataclasses import dataclass, field

# How many generations above the person their relative of this kind is.
GENERATIONS_ABOVE = {
    "mother": 1,
    "father": 1,
    "step_parent": 1,
    "parents_partner": 1,
    "carer": 1,
    "foster_carer": 1,
    "aunt_uncle": 1,
    "grandparent": 2,
    "sibling": 0,
    "half_sibling": 0,
    "cousin": 0,
    "partner": 0,
}
PARENT_KINDS = {"mother", "father"}
# Lines from a grown-up to a child, and how each is drawn (never by colour alone).
DESCENT_STYLES = {
    "mother": "birth",
    "father": "birth",
    "step_parent": "step",
    "parents_partner": "step",
    "carer": "care",
    "foster_carer": "care",
    "grandparent": "skip",
}
# Order along a row: parents of the person first, then step-parents, then the wider family.
ORDER = {
    "self": 0,
    "mother": 1,
    "father": 2,
    "step_parent": 3,
    "parents_partner": 4,
    "carer": 5,
    "foster_carer": 6,
    "sibling": 7,
    "half_sibling": 8,
    "partner": 9,
    "aunt_uncle": 10,
    "grandparent": 11,
    "cousin": 12,
}
LABELS = {
    "mother": "mother",
    "father": "father",
    "step_parent": "step-parent",
    "parents_partner": "parent's partner",
    "carer": "carer",
    "foster_carer": "foster carer",
    "sibling": "brother or sister",
    "half_sibling": "half-brother or half-sister",
    "grandparent": "grandparent",
    "aunt_uncle": "aunt or uncle",
    "cousin": "cousin",
    "partner": "partner",
}
# What the person is to their relative, read the other way round.
INVERSE_LABELS = {
    "mother": "child",
    "father": "child",
    "step_parent": "stepchild",
    "parents_partner": "partner's child",
    "carer": "child cared for",
    "foster_carer": "foster child",
    "grandparent": "grandchild",
    "aunt_uncle": "niece or nephew",
    "sibling": "brother or sister",
    "half_sibling": "half-brother or half-sister",
    "cousin": "cousin",
    "partner": "partner",
}
SHAPES = {"M": "square", "F": "circle"}

SLOT, ROW, MARGIN, SIZE = 150, 130, 40, 40
LABEL_DEPTH = 42  # the name and relationship written under a shape
# How far above a child's shape each kind of line turns across, so lines of different kinds never merge.
TURN_ABOVE_CHILD = {"sibling": 8, "birth": 16, "step": 24, "care": 30, "skip": 36}


@dataclass(frozen=True)
class FamilyPerson:
    id: int
    name: str
    first_name: str
    sex: str
    date_of_birth: datetime.date | None = None


@dataclass(frozen=True)
class FamilyLink:
    """`relative_id` is the `kind` of `person_id`, as in people.Relationship."""

    person_id: int
    relative_id: int
    kind: str


@dataclass(frozen=True)
class TreeNode:
    id: int
    name: str
    shape: str  # square, circle or diamond
    sex: str
    generation: int  # 0 is the person the tree is about; negative is older
    relationship: str  # to the person the tree is about, in words
    x: float
    y: float
    is_focus: bool = False

    @property
    def generation_label(self) -> str:
        return generation_label(self.generation)


@dataclass(frozen=True)
class TreeLine:
    kind: str  # birth, step, care, skip (grandparent recorded directly), partner, sibling
    points: tuple[tuple[float, float], ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


@dataclass(frozen=True)
class FamilyTree:
    nodes: list[TreeNode]
    lines: list[TreeLine]
    width: int
    height: int
    left_out: list[str] = field(default_factory=list)  # names with no route to the person


def generation_label(generation: int) -> str:
    return {
        -2: "Grandparents",
        -1: "Parents",
        0: "Same generation",
        1: "Children",
        2: "Grandchildren",
    }.get(generation, "Older generations" if generation < 0 else "Younger generations")


def _walk(focus: FamilyPerson, people: dict[int, FamilyPerson], links: list[FamilyLink]) -> dict[int, tuple]:
    """Breadth-first from the focus: each person's generation, sort path and relationship in words."""
    by_person: dict[int, list[tuple[int, int, str, bool]]] = {}
    for link in links:
        if link.kind not in GENERATIONS_ABOVE or link.person_id == link.relative_id:
            continue
        if link.person_id not in people or link.relative_id not in people:
            continue
        above = GENERATIONS_ABOVE[link.kind]
        # (other, generation step from here, kind, is the other the relative?)
        by_person.setdefault(link.person_id, []).append((link.relative_id, -above, link.kind, True))
        by_person.setdefault(link.relative_id, []).append((link.person_id, above, link.kind, False))
    found: dict[int, tuple] = {focus.id: (0, (ORDER["self"],), "")}
    queue = deque([focus.id])
    while queue:
        here = queue.popleft()
        generation, path, _ = found[here]
        for other, step, kind, other_is_relative in by_person.get(here, []):
            if other in found:
                continue
            words = LABELS[kind] if other_is_relative else INVERSE_LABELS[kind]
            relationship = words[0].upper() + words[1:] if here == focus.id else f"{people[here].first_name}'s {words}"
            order = ORDER[kind] if other_is_relative else ORDER[kind] + 20
            found[other] = (generation + step, (*path, order), relationship)
            queue.append(other)
    return found


def family_tree_layout(*, focus: FamilyPerson, people: list[FamilyPerson], links: list[FamilyLink]) -> FamilyTree:
    """Position everyone connected to `focus` in rows by generation, with lines for parents, partners and
    brothers and sisters. People with no recorded route to the focus are listed in `left_out`."""
    by_id = {p.id: p for p in people} | {focus.id: focus}
    found = _walk(focus, by_id, links)
    generations = sorted({generation for generation, _, _ in found.values()})
    rows: dict[int, list[int]] = {g: [] for g in generations}
    for pid, (generation, _path, _) in sorted(
        found.items(), key=lambda item: (item[1][1], by_id[item[0]].date_of_birth or datetime.date.max, item[0])
    ):
        rows[generation].append(pid)
    widest = max(len(row) for row in rows.values())
    width = int(MARGIN * 2 + widest * SLOT)
    height = int(MARGIN * 2 + (len(generations) - 1) * ROW + SIZE + LABEL_DEPTH)
    positions: dict[int, tuple[float, float]] = {}
    for row_index, generation in enumerate(generations):
        row = rows[generation]
        offset = (width - len(row) * SLOT) / 2
        for index, pid in enumerate(row):
            positions[pid] = (offset + (index + 0.5) * SLOT, MARGIN + row_index * ROW + SIZE / 2)
    nodes = []
    for pid, (generation, _, relationship) in found.items():
        person = by_id[pid]
        x, y = positions[pid]
        nodes.append(
            TreeNode(
                id=pid,
                name=person.name,
                shape=SHAPES.get(person.sex, "diamond"),
                sex=person.sex,
                generation=generation,
                relationship="This person" if pid == focus.id else relationship,
                x=x,
                y=y,
                is_focus=pid == focus.id,
            )
        )
    nodes.sort(key=lambda node: (node.generation, node.x))
    return FamilyTree(
        nodes=nodes,
        lines=_lines(links, positions),
        width=width,
        height=height,
        left_out=sorted(p.name for p in by_id.values() if p.id not in found),
    )


def _lines(links: list[FamilyLink], positions: dict[int, tuple[float, float]]) -> list[TreeLine]:
    """Couples are joined side by side and their children hang from the middle of the couple line; other
    lines leave a grown-up below their name, and each kind turns at its own height so none merge."""
    half = SIZE / 2
    lines: list[TreeLine] = []
    seen: set[tuple[str, int, int]] = set()
    parents_of: dict[int, set[int]] = {}

    def add(kind: str, a: int, b: int, points: tuple[tuple[float, float], ...]) -> None:
        key = (kind, min(a, b), max(a, b)) if kind in {"partner", "sibling"} else (kind, a, b)
        if key not in seen:
            seen.add(key)
            lines.append(TreeLine(kind, points))

    def turn(kind: str, child_y: float) -> float:
        return child_y - half - TURN_ABOVE_CHILD[kind]

    usable = [
        link
        for link in links
        if link.person_id in positions and link.relative_id in positions and link.kind in GENERATIONS_ABOVE
    ]
    for link in usable:
        if link.kind in PARENT_KINDS:
            parents_of.setdefault(link.person_id, set()).add(link.relative_id)
    couples: dict[int, tuple[int, int]] = {}
    for child, parents in parents_of.items():
        pair = sorted(parents, key=lambda pid: positions[pid][0])
        if len(pair) == 2 and positions[pair[0]][1] == positions[pair[1]][1] < positions[child][1]:
            (fx, fy), (sx, _) = positions[pair[0]], positions[pair[1]]
            add("partner", pair[0], pair[1], ((fx + half, fy), (sx - half, fy)))
            couples[child] = (pair[0], pair[1])
            cx, cy = positions[child]
            middle_x = (fx + sx) / 2
            add(
                "birth",
                -pair[0],
                child,
                ((middle_x, fy), (middle_x, turn("birth", cy)), (cx, turn("birth", cy)), (cx, cy - half)),
            )
    for link in usable:
        a, b = link.person_id, link.relative_id
        (ax, ay), (bx, by) = positions[a], positions[b]
        if link.kind in DESCENT_STYLES and by < ay:
            if link.kind in PARENT_KINDS and b in couples.get(a, ()):
                continue  # drawn from the couple line
            kind = DESCENT_STYLES[link.kind]
            add(
                kind, b, a, ((bx, by + half + LABEL_DEPTH), (bx, turn(kind, ay)), (ax, turn(kind, ay)), (ax, ay - half))
            )
        elif link.kind == "partner" and ay == by:
            left, right = sorted([(ax, a), (bx, b)])
            add("partner", a, b, ((left[0] + half, ay), (right[0] - half, ay)))
        elif link.kind in {"sibling", "half_sibling"} and ay == by:
            if parents_of.get(a, set()) & parents_of.get(b, set()):
                continue  # already joined through a parent they share
            top = turn("sibling", ay)
            add("sibling", a, b, ((ax, ay - half), (ax, top), (bx, top), (bx, by - half)))
    return lines

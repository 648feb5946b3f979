"""The safety network picture (ecomap) as positioned shapes and lines: a pure function, no database.

The family sits at the centre with the children named; network members and professionals sit around
it. Each line says how the person is connected by its pattern and width, and every node carries its
words, so nothing is told apart by colour alone.
"""

import math
from dataclasses import dataclass

RADIUS = 210
CENTRE_RADIUS = 70
NODE_RADIUS = 28
# Room round the ring for the labels; the ring grows so labels of neighbours do not run into each other.
SIDE_ROOM, END_ROOM = 170, 70
LABEL_SPACING = 120


@dataclass(frozen=True)
class EcomapPerson:
    name: str
    relationship: str
    kind: str  # "network" or "professional"
    roles: tuple[str, ...] = ()
    reachable: bool = True


@dataclass(frozen=True)
class EcomapNode:
    name: str
    relationship: str
    kind: str
    roles: tuple[str, ...]
    reachable: bool
    x: float
    y: float
    line: str  # strong, network, no_role or professional
    line_x: float
    line_y: float
    end_x: float
    end_y: float
    name_y: float  # labels sit on the outer side of the node, away from its line
    relationship_y: float

    @property
    def connection(self) -> str:
        if self.kind == "professional":
            return "Professional working with the family"
        if not self.roles:
            return "In the network, no role agreed yet"
        return "; ".join(self.roles)

    @property
    def stroke_width(self) -> int:
        return {"strong": 5, "network": 3}.get(self.line, 2)

    @property
    def dash(self) -> str:
        return {"no_role": "8 6", "professional": "2 5"}.get(self.line, "")


@dataclass(frozen=True)
class Ecomap:
    width: int
    height: int
    centre_x: float
    centre_y: float
    centre_radius: int
    family: list[str]
    nodes: list[EcomapNode]


def _line_kind(person: EcomapPerson) -> str:
    if person.kind == "professional":
        return "professional"
    if len(person.roles) >= 2:
        return "strong"
    return "network" if person.roles else "no_role"


def ecomap_layout(*, children: list[str], people: list[EcomapPerson]) -> Ecomap:
    """Spread everyone evenly round the family, network members first, starting at the top."""
    ordered = [p for p in people if p.kind != "professional"] + [p for p in people if p.kind == "professional"]
    nodes = []
    count = len(ordered)
    radius = max(RADIUS, LABEL_SPACING * count / (2 * math.pi))
    width, height = int(2 * (radius + SIDE_ROOM)), int(2 * (radius + END_ROOM))
    centre_x, centre_y = width / 2, height / 2
    for index, person in enumerate(ordered):
        angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
        x = centre_x + radius * math.cos(angle)
        y = centre_y + radius * math.sin(angle)
        above = y < centre_y - 1
        nodes.append(
            EcomapNode(
                name=person.name,
                relationship=person.relationship,
                kind=person.kind,
                roles=person.roles,
                reachable=person.reachable,
                x=round(x, 1),
                y=round(y, 1),
                line=_line_kind(person),
                line_x=round(centre_x + CENTRE_RADIUS * math.cos(angle), 1),
                line_y=round(centre_y + CENTRE_RADIUS * math.sin(angle), 1),
                end_x=round(centre_x + (radius - NODE_RADIUS) * math.cos(angle), 1),
                end_y=round(centre_y + (radius - NODE_RADIUS) * math.sin(angle), 1),
                name_y=round(y - NODE_RADIUS - 24 if above else y + NODE_RADIUS + 18, 1),
                relationship_y=round(y - NODE_RADIUS - 8 if above else y + NODE_RADIUS + 35, 1),
            )
        )
    return Ecomap(
        width=width,
        height=height,
        centre_x=centre_x,
        centre_y=centre_y,
        centre_radius=CENTRE_RADIUS,
        family=children,
        nodes=nodes,
    )

"""The safety network picture (ecomap) as positioned shapes and lines: a pure function, no database.

The family sits at the centre with the children named; network members and professionals sit around
it. Each line says how the person is connected by its pattern and width, and every node carries its
words, so nothing is told apart by colour alone.
"""

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 760, 560
CENTRE_X, CENTRE_Y = WIDTH / 2, HEIGHT / 2
RADIUS = 210
CENTRE_RADIUS = 70
NODE_RADIUS = 28


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
    for index, person in enumerate(ordered):
        angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
        x = CENTRE_X + RADIUS * math.cos(angle)
        y = CENTRE_Y + RADIUS * math.sin(angle)
        above = y < CENTRE_Y - 1
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
                line_x=round(CENTRE_X + CENTRE_RADIUS * math.cos(angle), 1),
                line_y=round(CENTRE_Y + CENTRE_RADIUS * math.sin(angle), 1),
                end_x=round(CENTRE_X + (RADIUS - NODE_RADIUS) * math.cos(angle), 1),
                end_y=round(CENTRE_Y + (RADIUS - NODE_RADIUS) * math.sin(angle), 1),
                name_y=round(y - NODE_RADIUS - 24 if above else y + NODE_RADIUS + 18, 1),
                relationship_y=round(y - NODE_RADIUS - 8 if above else y + NODE_RADIUS + 35, 1),
            )
        )
    return Ecomap(
        width=WIDTH,
        height=HEIGHT,
        centre_x=CENTRE_X,
        centre_y=CENTRE_Y,
        centre_radius=CENTRE_RADIUS,
        family=children,
        nodes=nodes,
    )

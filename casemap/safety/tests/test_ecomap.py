"""The network picture layout: everyone round the family, lines that say how they are connected."""

import math

from casemap.safety.ecomap import EcomapPerson, ecomap_layout


def test_members_and_professionals_sit_round_the_family_with_their_lines() -> None:
    picture = ecomap_layout(
        children=["Alkira", "Darel", "Jirra"],
        people=[
            EcomapPerson("Ms Okafor", "Class teacher", "professional"),
            EcomapPerson("Rose", "Family friend", "network", ("Mentor", "Gives feedback")),
            EcomapPerson("Kerri", "Family friend", "network", ("Supervises family time",)),
            EcomapPerson("Pat", "Family friend", "network", (), reachable=False),
        ],
    )
    assert picture.family == ["Alkira", "Darel", "Jirra"]
    nodes = {node.name: node for node in picture.nodes}
    # Network members first, from the top, then professionals.
    assert [node.name for node in picture.nodes] == ["Rose", "Kerri", "Pat", "Ms Okafor"]
    assert nodes["Rose"].y < picture.centre_y and math.isclose(nodes["Rose"].x, picture.centre_x)
    assert (nodes["Rose"].line, nodes["Rose"].stroke_width, nodes["Rose"].dash) == ("strong", 5, "")
    assert (nodes["Kerri"].line, nodes["Kerri"].stroke_width) == ("network", 3)
    assert (nodes["Pat"].line, nodes["Pat"].dash) == ("no_role", "8 6")
    assert (nodes["Ms Okafor"].line, nodes["Ms Okafor"].dash) == ("professional", "2 5")
    assert nodes["Pat"].connection == "In the network, no role agreed yet"
    assert nodes["Rose"].connection == "Mentor; Gives feedback"
    assert not nodes["Pat"].reachable
    # Labels above a node in the top half, below it in the bottom half: away from the node's own line.
    assert nodes["Rose"].name_y < nodes["Rose"].y
    assert nodes["Pat"].name_y > nodes["Pat"].y


def test_a_large_network_gets_a_bigger_ring_and_stays_inside_the_picture() -> None:
    people = [EcomapPerson(f"Person {index}", "Friend", "network", ("Mentor",)) for index in range(24)]
    small = ecomap_layout(children=["Alkira"], people=people[:4])
    large = ecomap_layout(children=["Alkira"], people=people)
    assert large.width > small.width and large.height > small.height
    for node in large.nodes:
        assert 0 < node.x < large.width and 0 < node.name_y < large.height and 0 < node.relationship_y < large.height
    neighbours = [math.dist((a.x, a.y), (b.x, b.y)) for a, b in zip(large.nodes, large.nodes[1:], strict=False)]
    assert min(neighbours) >= 110


def test_an_empty_network() -> None:
    picture = ecomap_layout(children=["Alkira"], people=[])
    assert picture.nodes == []

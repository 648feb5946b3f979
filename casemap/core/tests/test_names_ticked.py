"""Several people named at once (who was there): ticks against the known people and a box for anyone else, kept
as the one line of names the record always held."""

from casemap.core.people_choice import KnownPerson, names_ticked, ticks_for_names

PEOPLE = [
    KnownPerson("you", "Sally Shaw", "you"),
    KnownPerson("person-1", "Merinda Cooper", "mother"),
    KnownPerson("network-2", "Rose Cooper", "safety network"),
]


def test_the_ticked_people_come_first_in_the_lists_order_then_anyone_else() -> None:
    assert names_ticked(PEOPLE, ["network-2", "person-1"], " Aunty Jen ") == "Merinda Cooper, Rose Cooper, Aunty Jen"
    assert names_ticked(PEOPLE, [], "") == ""
    assert names_ticked(PEOPLE, ["person-999"], "") == ""


def test_a_saved_line_shows_its_known_people_ticked_and_keeps_the_rest_as_typed() -> None:
    assert ticks_for_names(PEOPLE, "Merinda Cooper, Aunty Jen, Rose Cooper") == (["person-1", "network-2"], "Aunty Jen")
    assert ticks_for_names(PEOPLE, "Rose (neighbour, friend)") == ([], "Rose (neighbour, friend)")
    assert ticks_for_names(PEOPLE, "") == ([], "")


def test_saving_a_line_again_unchanged_keeps_every_name() -> None:
    saved = "Merinda Cooper, Pat from school"
    keys, rest = ticks_for_names(PEOPLE, saved)
    assert names_ticked(PEOPLE, keys, rest) == saved

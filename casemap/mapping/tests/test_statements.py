"""'Write the statements for me' makes plain sentences from any answers the worker has given, or from none."""

import re
import string

from hypothesis import example, given, settings
from hypothesis import strategies as st

from casemap.mapping.statements import clause, compose_danger_statement, compose_safety_goal

JOINING_WORDS = ["and", "because", "or", "but", "And", "BECAUSE", "like", "will", "Will", "for", "so"]
WORD = st.one_of(
    st.text(alphabet=string.ascii_letters, min_size=1, max_size=12).filter(lambda word: word.lower() != "none"),
    st.sampled_from(JOINING_WORDS),
)
BETWEEN_WORDS = st.sampled_from([" ", "  ", ", ", " , ", "\n", ",, ", " and ", "; "])
AT_THE_END = st.sampled_from(
    ["", ".", "..", "!", "?", "!?", ",", ";", ":", " .", ". ", "...", " and", " because", ", and."]
)


@st.composite
def typed_answer(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORD, min_size=1, max_size=60))
    text = words[0]
    for word in words[1:]:
        text += draw(BETWEEN_WORDS) + word
    return draw(st.sampled_from(["", " ", "\t", "\n"])) + text + draw(AT_THE_END)


ANSWER = st.one_of(
    st.none(), st.sampled_from(["", "   ", "None", "none.", "n/a", ".", "and", "for", "will"]), typed_answer()
)
PEOPLE = st.lists(st.sampled_from(["Sally", "Rose from the school", "Kerri", "Police"]), max_size=3, unique=True).map(
    lambda names: ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + (names[-1] if names else "")
)
WHO = st.one_of(ANSWER, PEOPLE)
CHILDREN = st.lists(st.sampled_from(["Darel", "Alkira", "Jirra"]), max_size=3, unique=True)


def says_something(*answers: str | None) -> bool:
    return any(clause(answer) for answer in answers)


def says_something_in_a_goal(
    parents: str | None, experience: str | None, professionals: str | None, sustained: str | None
) -> bool:
    """An answer of only the word the sentence already has ("will", "for"), or of that word and nothing a clause
    keeps ("will like"), says nothing more."""

    def says_more_than(answer: str | None, word: str) -> bool:
        first, _, rest = clause(answer).partition(" ")
        return bool(clause(rest)) if first.lower() == word else bool(first)

    return (
        says_more_than(parents, "will")
        or says_more_than(experience, "will")
        or bool(clause(professionals))
        or says_more_than(sustained, "for")
    )


def assert_plain_sentences(text: str) -> None:
    sentences = re.split(r"(?<=\.) ", text)
    for one in sentences:
        assert re.match(r"^[A-Z]", one), (one, text)
        assert one.endswith(".") and len(one) > 1, (one, text)
    assert "  " not in text and "\n" not in text, text
    assert not re.search(r"[.,;:!?]\s*[.,;:!?]", text), text  # no doubled punctuation
    assert not re.search(r"\s[.,;:!?]", text), text  # no space before punctuation
    assert not re.search(r"\b(and|because|or|but)\s*([.,;:!?]|$)", text, re.IGNORECASE), text  # nothing dangling
    assert "None" not in text, text


@settings(max_examples=400, deadline=None)
@given(who=WHO, behaviour=ANSWER, what_happened=ANSWER, short_term=ANSWER, long_term=ANSWER, children=CHILDREN)
def test_any_answers_make_a_danger_statement_of_plain_sentences(
    who: str | None,
    behaviour: str | None,
    what_happened: str | None,
    short_term: str | None,
    long_term: str | None,
    children: list[str],
) -> None:
    statement = compose_danger_statement(
        who_is_worried=who,
        behaviour=behaviour,
        what_happened=what_happened,
        short_term_impact=short_term,
        long_term_impact=long_term,
        children=children,
    )
    assert bool(statement) == says_something(who, behaviour, what_happened, short_term, long_term)
    if statement:
        assert_plain_sentences(statement)


@settings(max_examples=400, deadline=None)
@given(parents=ANSWER, experience=ANSWER, professionals=ANSWER, sustained=ANSWER, children=CHILDREN)
@example(parents=None, experience="WILL LIKE", professionals=None, sustained=None, children=[])
def test_any_answers_make_a_safety_goal_of_plain_sentences(
    parents: str | None,
    experience: str | None,
    professionals: str | None,
    sustained: str | None,
    children: list[str],
) -> None:
    goal = compose_safety_goal(
        parents_will=parents,
        child_will_experience=experience,
        professionals_will_see=professionals,
        sustained_for=sustained,
        children=children,
    )
    assert bool(goal) == says_something_in_a_goal(parents, experience, professionals, sustained)
    if goal:
        assert_plain_sentences(goal)


def test_answers_read_as_the_worker_meant_them() -> None:
    assert (
        compose_danger_statement(
            who_is_worried="sally and rose.",
            behaviour="Eddy will shout at Darel and",
            short_term_impact="will be frightened!!",
            children=["Darel"],
        )
        == "Sally and rose are worried that Eddy will shout at Darel, and Darel will be frightened."
    )
    assert (
        compose_danger_statement(
            who_is_worried="",
            behaviour="",
            short_term_impact="",
            long_term_impact="may stop going to school",
            children=[],
        )
        == "In the long run, may stop going to school."
    )
    assert compose_danger_statement(who_is_worried="Police", behaviour=None, short_term_impact=None, children=[]) == (
        "Police is worried about the children."
    )
    assert compose_safety_goal(
        parents_will="will sort out problems calmly",
        child_will_experience="Will feel safe",
        sustained_for="for 6 months.",
        children=["Darel", "Alkira"],
    ) == (
        "The parents will sort out problems calmly. Darel and Alkira will feel safe. This will carry on for 6 months."
    )
    assert compose_safety_goal(parents_will="None", child_will_experience="", sustained_for="", children=[]) == ""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casemap.core.plain_language import (
    JARGON,
    danger_statement_hints,
    jargon_hints,
    pair_count_hints,
    readability,
    safety_goal_hints,
)
from casemap.core.plain_language.readability import OLDEST_READING_AGE, YOUNGEST_READING_AGE, reading_age_from_grade

CHILDREN = ["Darel", "Alkira", "Jirra"]

# The seed family's danger statements, verbatim from the authority's FAQ (docs: seed-family.md).
SEED_DANGER_STATEMENTS = [
    "Sally from Child Protection Services is worried that Merinda (mum) and Eddy (dad) will have fights where they scream, shout, swear, drive off with the kids in the car in a dangerous way and throw things at each other, and Darel, Alkira and/or Jirra (the children) will be really upset and frightened and maybe even get hurt like on Tuesday night when Alkira cut her foot badly on a glass that Merinda threw and broke during a heated fight with Eddy, or end up in a really bad car accident and die.",
    "Sally from CPS is concerned that Eddy and Merinda will hit the children when they misbehave and cause bruises or worse.",
    "Sally from CPS, Rose, Darel, Kerri and Pat (friends and family who are in the Safety Network) are worried that Darel, Alkira and Jirra will think it is ok to scream, shout, swear, throw things, hit, drive dangerously, threaten, 'boot' people in the arm or kick people, because of Merinda and Eddy's behaviour and they will think that this is how you solve problems in life. If Darel, Alkira and Jirra do grow up doing these things they are more likely to have violent relationships, get into trouble with the Police and then have the same problems with their children in the future.",
]

SEED_SAFETY_GOAL = (
    "Merinda and Eddy will sort out disagreements calmly, away from Darel, Alkira and Jirra, and will drive safely "
    "with the children in the car. The children will feel safe at home and Sally and the safety network will see "
    "this for 6 months."
)

# The family's and the framework's own words: never jargon.
NOT_JARGON = [
    "CPS",
    "Child Protection Services",
    "safety network",
    "safety plan",
    "safety goal",
    "danger statement",
    "worried",
    "mum",
    "dad",
]


def codes(hints: list) -> list[str]:
    return [hint.code for hint in hints]


def terms(hints: list) -> list[str]:
    return [hint.term for hint in hints]


# --- The seed family ---------------------------------------------------------------------------


@pytest.mark.parametrize("statement", SEED_DANGER_STATEMENTS)
def test_seed_danger_statements_have_no_hints(statement: str) -> None:
    assert jargon_hints(statement) == []
    assert danger_statement_hints(statement, child_names=CHILDREN) == []


def test_seed_safety_goal_has_no_hints() -> None:
    assert jargon_hints(SEED_SAFETY_GOAL) == []
    assert safety_goal_hints(SEED_SAFETY_GOAL, child_names=CHILDREN) == []


def test_seed_long_sentence_is_shown_as_readability_not_a_hint() -> None:
    measure = readability(SEED_DANGER_STATEMENTS[0])
    assert measure.words == measure.longest_sentence_words > 80
    assert measure.reading_age == OLDEST_READING_AGE


# --- Jargon --------------------------------------------------------------------------------------


def test_jargon_heavy_note_gets_a_hint_per_term_in_order() -> None:
    hints = jargon_hints("Concerns were raised re DV and non-engagement; LAC review to consider s47.")
    assert terms(hints) == ["Concerns were raised", "re", "DV", "non-engagement", "LAC review", "s47"]
    assert set(codes(hints)) == {"jargon"}
    assert all(hint.suggestion for hint in hints)
    suggestions = {hint.term: hint.suggestion for hint in hints}
    assert suggestions["re"] == "about"
    assert suggestions["LAC review"] == "review meeting for a child in care"
    assert suggestions["s47"] == "child protection enquiries"


def test_label_hint_asks_for_the_behaviour() -> None:
    [hint] = jargon_hints("Police were called to a DV incident.")
    assert hint.message == (
        "“DV” is jargon. Describe what happened instead: who did what, for example “Eddy pushed Merinda against the wall”."
    )


def test_note_follows_the_alternative() -> None:
    [hint] = jargon_hints("Jirra is LAC.")
    assert hint.message == "“LAC” is jargon. Write “child in care” instead. Short for “looked after child”."


@pytest.mark.parametrize(
    "text",
    [
        "Darel is lacking confidence at school.",
        "Sally contacted the school.",
        "Sally made contact with the school by phone.",
        "Contact Merinda on her mobile.",
        "The lac of the shellac.",  # an abbreviation matches only in capitals
        "Eddy said dv to nobody.",
        "We're going to the park and they're happy.",
    ],
)
def test_ordinary_words_are_not_jargon(text: str) -> None:
    assert jargon_hints(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Supervised contact with dad on Fridays.", ["Supervised contact"]),
        ("Merinda took the children to the contact centre.", ["contact centre"]),
        ("Pat worries about self-neglect.", ["self-neglect"]),
        ("This is a re-referral.", ["re-referral"]),
        ("Eddy failed to engage.", ["failed to engage"]),
        ("Two LACs and a CiC.", ["LACs", "CiC"]),
        ("CONCERNS WERE RAISED BY SCHOOL.", ["CONCERNS WERE RAISED"]),
        ("Non engagement and non-engagement.", ["Non engagement"]),
        ("Merinda's mental health issues.", ["mental health issues"]),
    ],
)
def test_longest_whole_phrase_is_found(text: str, expected: list[str]) -> None:
    assert terms(jargon_hints(text)) == expected


def test_each_term_is_reported_once_as_first_written() -> None:
    hints = jargon_hints("DV on Monday, more DV on Friday. LACs and the LAC review; one LAC.")
    assert terms(hints) == ["DV", "LACs", "LAC review"]


@pytest.mark.parametrize("words", NOT_JARGON)
def test_framework_words_are_not_jargon(words: str) -> None:
    assert jargon_hints(f"Sally told the {words} on Tuesday.") == []


# --- The lexicon ---------------------------------------------------------------------------------


def test_lexicon_is_large_and_complete() -> None:
    assert len(JARGON) >= 150
    assert all(term.phrase.strip() and term.plain.strip() for term in JARGON)


def test_lexicon_has_no_duplicates() -> None:
    # Abbreviations are case-sensitive, so "CiC" and "CIC" are different entries.
    phrases = [term.phrase for term in JARGON]
    assert len(phrases) == len(set(phrases))
    ordinary = [term.phrase.lower().replace("-", " ") for term in JARGON if not any(c.isupper() for c in term.phrase)]
    assert len(ordinary) == len(set(ordinary))


def test_lexicon_leaves_out_the_framework_words() -> None:
    listed = {term.phrase.casefold() for term in JARGON}
    assert not listed & {words.casefold() for words in NOT_JARGON}


def test_lexicon_covers_the_words_the_domain_notes_name() -> None:
    listed = {term.phrase for term in JARGON}
    named = {"LAC", "CLA", "s47", "section 47", "s17", "ICPC", "RCPC", "CIN", "CP plan", "DV", "domestic violence"}
    named |= {"domestic abuse", "non-engagement", "not engaging", "disengaged", "disguised compliance", "neglect"}
    named |= {"LADO", "MASH", "strategy discussion", "core group", "threshold", "substance misuse", "toxic trio"}
    assert named <= listed


def test_every_lexicon_entry_is_found_in_a_sentence() -> None:
    missed = []
    for term in JARGON:
        hints = jargon_hints(f"Sally wrote {term.phrase} today.")
        if [(hint.term, hint.suggestion) for hint in hints] != [(term.phrase, term.plain)]:
            missed.append(term.phrase)
    assert missed == []


_FILLER = ["Sally", "said", "the", "children", "contact", "lacking", "re-", "we're", "and", ".", ",", "\n"]


@given(
    st.lists(
        st.one_of(st.sampled_from([term.phrase for term in JARGON]), st.sampled_from(_FILLER), st.text(max_size=12)),
        max_size=25,
    )
)
def test_jargon_hints_never_raise_and_every_term_is_in_the_text(pieces: list[str]) -> None:
    text = " ".join(pieces)
    hints = jargon_hints(text)
    assert all(hint.code == "jargon" and hint.term and hint.term in text for hint in hints)
    assert all(f"“{hint.term}”" in hint.message for hint in hints)


@given(st.text(max_size=200), st.lists(st.text(max_size=10), max_size=4))
def test_structure_checks_never_raise(text: str, names: list[str]) -> None:
    for hint in danger_statement_hints(text, child_names=names) + safety_goal_hints(text, child_names=names):
        assert hint.message
        assert hint.term in text


# --- Danger statements -----------------------------------------------------------------------


def test_vague_statement_misses_every_part() -> None:
    hints = danger_statement_hints("There are concerns about neglect.", child_names=CHILDREN)
    assert codes(hints) == ["no-one-worried", "label-not-behaviour", "no-child", "no-impact"]
    assert hints[1].term == "neglect"
    assert hints[2].suggestion == "Darel, Alkira and Jirra"


def test_label_is_fine_when_the_behaviour_is_described_too() -> None:
    text = "Sally is worried that Eddy will hit Merinda again, which some call DV, and Jirra will be hurt."
    assert danger_statement_hints(text, child_names=CHILDREN) == []


def test_statement_without_behaviour_or_label() -> None:
    text = "Sally is worried that things at home will get worse and Alkira will be frightened."
    assert codes(danger_statement_hints(text, child_names=CHILDREN)) == ["no-behaviour"]


def test_jargon_with_a_behaviour_word_inside_is_not_a_behaviour() -> None:
    text = "Sally is worried about supervised contact and Darel will be upset."
    assert codes(danger_statement_hints(text, child_names=CHILDREN)) == ["no-behaviour"]


@pytest.mark.parametrize(
    "opening",
    [
        "Sally is worried that",
        "I am worried that",
        "The school is concerned that",
        "Rose\u2019s worried that",
        "Pat worries that",
    ],
)
def test_who_is_worried_by_name_role_or_pronoun(opening: str) -> None:
    text = f"{opening} Eddy will hit Darel and Darel will be hurt."
    assert "no-one-worried" not in codes(danger_statement_hints(text, child_names=CHILDREN))


@pytest.mark.parametrize(
    "opening", ["Everyone is worried that", "It is concerning that", "Professionals are worried that"]
)
def test_worry_without_a_named_person(opening: str) -> None:
    text = f"{opening} Eddy will hit Darel and Darel will be hurt."
    assert "no-one-worried" in codes(danger_statement_hints(text, child_names=CHILDREN))


def test_the_children_names_several_children_but_not_one() -> None:
    text = "Sally is worried that Eddy will hit the children and they will be hurt."
    assert danger_statement_hints(text, child_names=CHILDREN) == []
    [hint] = danger_statement_hints(text, child_names=["Darel"])
    assert hint.code == "no-child"
    assert hint.message == "Name the child this is about: Darel."


def test_an_unnamed_baby_counts_as_named() -> None:
    text = "The midwife is worried that Merinda will drink and drop the baby and the baby will be injured."
    assert danger_statement_hints(text, child_names=["Baby Eddy-Merinda"]) == []


def test_with_no_names_on_the_map_any_child_counts() -> None:
    text = "Sally is worried that Eddy will hit the child and the child will be hurt."
    assert danger_statement_hints(text, child_names=[]) == []


# --- Safety goals --------------------------------------------------------------------------------


def test_negative_goal_is_turned_round() -> None:
    hints = safety_goal_hints("Mum and dad will not argue.", child_names=CHILDREN)
    assert codes(hints) == ["goal-negative", "no-child", "goal-no-duration"]
    assert hints[0].term == "will not argue"
    assert hints[0].suggestion == "will sort out disagreements calmly"


@pytest.mark.parametrize(
    ("goal", "term", "suggestion"),
    [
        (
            "Eddy won't hit Darel for 6 months.",
            "won't hit",
            "will use calm ways to guide the children, like talking with them or time out",
        ),
        (
            "Eddy will stop drinking around Darel for 6 months.",
            "stop drinking",
            "will make sure a sober adult is always looking after the children",
        ),
        (
            "Jirra will never be left alone for 6 months.",
            "never be left",
            "will make sure a safe adult is always with the children",
        ),
        ("No more fights in front of Alkira for 6 months.", "No more fights", "will sort out problems calmly"),
        ("Eddy will never be late for Jirra for 6 months.", "never", ""),
    ],
)
def test_each_negative_is_pointed_out(goal: str, term: str, suggestion: str) -> None:
    [hint] = [hint for hint in safety_goal_hints(goal, child_names=CHILDREN) if hint.code == "goal-negative"]
    assert (hint.term, hint.suggestion) == (term, suggestion)
    assert "will sort out problems calmly" in hint.message or suggestion in hint.message


def test_goal_without_duration() -> None:
    goal = "Merinda and Eddy will sort out disagreements calmly and Darel, Alkira and Jirra will feel safe at home."
    assert codes(safety_goal_hints(goal, child_names=CHILDREN)) == ["goal-no-duration"]


@pytest.mark.parametrize(
    "duration",
    [
        "for 6 months",
        "over the next 3 months",
        "for six months",
        "for a year",
        "until the review",
        "for at least 12 weeks",
    ],
)
def test_goal_durations_are_recognised(duration: str) -> None:
    goal = f"Merinda and Eddy will keep Darel, Alkira and Jirra safe {duration}."
    assert safety_goal_hints(goal, child_names=CHILDREN) == []


def test_goal_that_only_says_how_the_children_will_feel() -> None:
    goal = "Darel, Alkira and Jirra will feel safe at home for 6 months."
    assert codes(safety_goal_hints(goal, child_names=CHILDREN)) == ["goal-no-action"]


# --- Pairs and readability ---------------------------------------------------------------------


def test_pair_limit() -> None:
    assert pair_count_hints(3) == []
    [hint] = pair_count_hints(4)
    assert hint.code == "too-many-pairs"
    assert "4" in hint.message and "3 or fewer" in hint.message
    assert pair_count_hints(4, limit=4) == []
    assert codes(pair_count_hints(5, limit=4)) == ["too-many-pairs"]


def test_readability_of_a_short_plain_note() -> None:
    measure = readability("Eddy hit Darel. Darel cried. Sally is worried that Darel will be hurt again.")
    assert measure.words == 14
    assert measure.longest_sentence_words == 9
    assert measure.flesch_reading_ease > 60
    assert YOUNGEST_READING_AGE <= measure.reading_age <= 12


def test_readability_of_nothing() -> None:
    measure = readability("   ")
    assert (measure.words, measure.longest_sentence_words) == (0, 0)


@pytest.mark.parametrize(("grade", "age"), [(-3.2, 5), (0.4, 5), (3.6, 9), (10.0, 15), (40.0, 18)])
def test_reading_age_is_grade_plus_five_within_range(grade: float, age: int) -> None:
    assert reading_age_from_grade(grade) == age

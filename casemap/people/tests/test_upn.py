from hypothesis import given
from hypothesis import strategies as st

from casemap.people.upn import UPN_LETTERS, upn_check_letter, upn_problem

# The DfE's own published example.
DFE_EXAMPLE = "H801200001001"


def test_published_example_is_valid() -> None:
    assert upn_problem(DFE_EXAMPLE) is None


def test_wrong_check_letter_is_explained() -> None:
    problem = upn_problem("A801200001001")
    assert problem is not None
    assert "check letter" in problem


def test_wrong_length_and_shape_are_explained() -> None:
    assert "13 characters" in (upn_problem("H80120000100") or "")
    assert "starts with a letter" in (upn_problem("1801200001001") or "")


@given(st.from_regex(r"\A\d{11}[0-9A-HJ-NP-RT-Z]\Z"))
def test_any_body_with_its_check_letter_is_valid(body: str) -> None:
    assert upn_problem(upn_check_letter(body) + body) is None


@given(
    st.from_regex(r"\A\d{12}\Z"),
    st.integers(min_value=0, max_value=11),
    st.integers(min_value=1, max_value=9),
)
def test_changing_one_digit_is_caught(body: str, position: int, shift: int) -> None:
    upn = upn_check_letter(body) + body
    changed = body[:position] + str((int(body[position]) + shift) % 10) + body[position + 1 :]
    assert upn_problem(upn[0] + changed) is not None


def test_letters_i_o_s_never_appear() -> None:
    assert not set("IOS") & set(UPN_LETTERS)

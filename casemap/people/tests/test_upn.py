from hypothesis import given
from hypothesis import strategies as st

from casemap.people.upn import UPN_AUTHORITY_CODES, UPN_LETTERS, upn_check_letter, upn_problem

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


authority_codes = st.sampled_from(sorted(UPN_AUTHORITY_CODES))


@given(authority_codes, st.from_regex(r"\A[0-9]{8}[0-9A-HJ-NP-RT-Z]\Z"))
def test_any_body_with_its_check_letter_is_valid(authority: str, rest: str) -> None:
    body = authority + rest
    assert upn_problem(upn_check_letter(body) + body) is None


@given(
    authority_codes,
    st.from_regex(r"\A[0-9]{9}\Z"),
    st.integers(min_value=0, max_value=11),
    st.integers(min_value=1, max_value=9),
)
def test_changing_one_digit_is_caught(authority: str, rest: str, position: int, shift: int) -> None:
    body = authority + rest
    upn = upn_check_letter(body) + body
    changed = body[:position] + str((int(body[position]) + shift) % 10) + body[position + 1 :]
    assert upn_problem(upn[0] + changed) is not None


@given(st.integers(min_value=0, max_value=999).map(lambda code: f"{code:03d}"), st.from_regex(r"\A[0-9]{9}\Z"))
def test_an_authority_number_the_dfe_never_issued_is_explained(authority: str, rest: str) -> None:
    body = authority + rest
    problem = upn_problem(upn_check_letter(body) + body)
    if authority in UPN_AUTHORITY_CODES:
        assert problem is None
    else:
        assert problem is not None and f"{authority} is not one" in problem


def test_the_authority_numbers_are_the_dfe_list() -> None:
    assert {"001", "005", "201", "420", "815", "943"} <= UPN_AUTHORITY_CODES
    assert not {"000", "006", "200", "214", "999", "834", "944"} & UPN_AUTHORITY_CODES
    assert len(UPN_AUTHORITY_CODES) == 195


def test_letters_i_o_s_never_appear() -> None:
    assert not set("IOS") & set(UPN_LETTERS)

"""Comparing two versions of the code page by page: the median each measurement prints, and each side's median."""

import pytest

from bench.compare_codes import compared, median_printed


def test_the_median_is_read_from_the_profile_s_first_line() -> None:
    output = "/cases/team/ as dana: median 44.6 ms, p95 60.4 ms over 10; 15 queries, 11 ms of SQL\n  1.0 ms  SELECT 1"
    assert median_printed(output) == 44.6
    assert median_printed("/cases/team/ answered 404 for dana") is None


def test_each_side_is_its_rounds_median_and_a_round_not_measured_is_left_out() -> None:
    first, second, ratio = compared([52.9, 55.5, 50.2], [43.5, None, 44.4, 46.1]) or (0, 0, 0)
    assert (first, second) == (52.9, 44.4)
    assert ratio == pytest.approx(44.4 / 52.9)
    assert compared([None], [40.0]) is None

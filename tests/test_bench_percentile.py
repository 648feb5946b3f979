"""The benchmark's percentiles are nearest-rank: the 95th of 20 timings is the 19th, not the slowest."""

from bench.run_benchmark import percentile


def test_the_95th_of_20_is_the_19th() -> None:
    assert percentile([float(n) for n in range(20, 0, -1)], 0.95) == 19.0


def test_a_rank_that_falls_between_two_takes_the_higher() -> None:
    assert percentile([float(n) for n in range(1, 40)], 0.95) == 38.0  # 0.95 x 39 = 37.05
    assert percentile([1.0, 2.0, 3.0], 0.5) == 2.0


def test_one_value_is_every_percentile_and_none_is_not_a_number() -> None:
    assert percentile([7.0], 0.95) == 7.0 and percentile([7.0], 0.01) == 7.0
    assert percentile([], 0.95) != percentile([], 0.95)  # NaN

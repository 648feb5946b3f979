"""The benchmark counts a page's COMMIT as database time: the driver's own timing of it, and nothing else."""

from types import SimpleNamespace

import pytest

from bench.run_benchmark import commit_ms


def test_only_the_pages_commits_are_counted_in_milliseconds() -> None:
    queries = SimpleNamespace(
        captured_queries=[
            {"sql": "BEGIN", "time": "0.000"},
            {"sql": 'INSERT INTO "access_accesslogentry" ...', "time": "0.004"},
            {"sql": "COMMIT", "time": "0.003"},
            {"sql": 'SELECT "mapping_map"."id" ...', "time": "0.002"},
            {"sql": "  commit", "time": "0.001"},
        ]
    )
    assert commit_ms(queries) == pytest.approx(4.0)


def test_a_page_that_writes_nothing_has_no_commit_time() -> None:
    assert commit_ms(SimpleNamespace(captured_queries=[{"sql": "SELECT 1", "time": "0.005"}])) == 0.0

"""The comparison of the benchmark's two sizes: each page's p95 at both and their ratio against 1.3x, and each
page's single-threaded time against its SQL replayed alone, against 3x."""

from bench.compare_sizes import scaling_rows, sql_rows


def report(medians: dict[str, float], pages: list[tuple[str, float, float | None]] | None = None) -> dict:
    return {
        "medians": {page: {"p95": p95, "p50": p95 / 2} for page, p95 in medians.items()},
        "in_process": {
            "pages": [{"user": "sally", "page": page, "ms_median": ms, "sql_ms": sql} for page, ms, sql in pages or []]
        },
    }


def test_each_page_measured_at_both_sizes_is_compared_against_the_scaling_target() -> None:
    small = report({"caseload": 100.0, "person": 80.0, "search": 0.0})
    large = report({"caseload": 120.0, "person": 120.0, "timeline": 50.0, "search": 40.0})
    rows = {row["page"]: row for row in scaling_rows(small, large)}
    # Pages only one size measured (or measured as nothing) cannot be compared.
    assert set(rows) == {"caseload", "person"}
    assert (rows["caseload"]["ratio"], rows["caseload"]["met"]) == (1.2, True)
    assert (rows["person"]["ratio"], rows["person"]["met"]) == (1.5, False)


def test_each_page_s_time_is_compared_with_its_sql_replayed_alone() -> None:
    large = report({}, [("person, 600 entries", 60.0, 30.0), ("draft map", 90.0, 10.0), ("sign-in", 900.0, None)])
    rows = {row["page"]: row for row in sql_rows(large)}
    assert set(rows) == {"sally: person, 600 entries", "sally: draft map"}
    assert (rows["sally: person, 600 entries"]["ratio"], rows["sally: person, 600 entries"]["met"]) == (2.0, True)
    assert (rows["sally: draft map"]["ratio"], rows["sally: draft map"]["met"]) == (9.0, False)

"""The same benchmark against the small authority and the large one, in one run, and how each page scales.

    .venv/bin/python bench/compare_sizes.py                         # make bench: both, then the tables
    .venv/bin/python bench/compare_sizes.py --rounds 1 --duration 20   # a quicker look (passed to each run)
    .venv/bin/python bench/compare_sizes.py --reports SMALL.json LARGE.json   # the tables from two earlier runs

It runs `bench/run_benchmark.py` against the small authority (`BENCH_SMALL_URL`, about 1,000 children: `make
bench-generate-small`) and then the large one (`DATABASE_URL`, 100,000: `make bench-generate`), with the same
arguments, and prints:

* **Scaling**: each page's p95 under load at both sizes and their ratio, against the target of 1.3x;
* **Python over SQL**: each page measured single-threaded at the large size, its time against the summed time of
  the same statements replayed straight on the database (its writes in a transaction rolled back afterwards),
  against the target of 3x.

Results: the two runs' JSON files in bench/results/, and bench/results/compare-<time>.json.
"""

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SMALL_URL = "postgres://postgres@127.0.0.1:5432/casemap_bench_small"
DEFAULT_LARGE_URL = "postgres://postgres@127.0.0.1:5432/casemap_bench"
SCALING_TARGET = 1.3
SQL_TARGET = 3.0
FULL_RESULTS = re.compile(r"^Full results: (\S+)$", re.MULTILINE)


def scaling_rows(small: dict, large: dict) -> list[dict]:
    """Pages measured under load at both sizes: p95 at each, and the large one's over the small one's."""
    rows = []
    for page, at_large in large.get("medians", {}).items():
        at_small = small.get("medians", {}).get(page)
        if not at_small or not at_small.get("p95"):
            continue
        ratio = at_large["p95"] / at_small["p95"]
        rows.append(
            {
                "page": page,
                "small_p95": at_small["p95"],
                "large_p95": at_large["p95"],
                "ratio": ratio,
                "met": ratio <= SCALING_TARGET,
            }
        )
    return rows


def sql_rows(report: dict) -> list[dict]:
    """Pages measured single-threaded: their time, the same SQL replayed alone, and the ratio of the two."""
    rows = []
    for page in report.get("in_process", {}).get("pages", []):
        sql_ms = page.get("sql_ms")
        if not sql_ms:
            continue
        ratio = page["ms_median"] / sql_ms
        rows.append(
            {
                "page": f"{page['user']}: {page['page']}",
                "page_ms": page["ms_median"],
                "sql_ms": sql_ms,
                "ratio": ratio,
                "met": ratio <= SQL_TARGET,
            }
        )
    return rows


def _print_table(title: str, columns: list[str], rows: list[dict], cells: Callable[[dict], list[str]]) -> None:
    """A Markdown table of the rows, each ending with whether it met its target."""
    print(f"\n{title}")
    print(f"| {' | '.join(columns)} | |")
    print("|---|" + "---:|" * (len(columns) - 1) + "---|")
    for row in rows:
        print(f"| {' | '.join(cells(row))} | {'met' if row['met'] else 'MISSED'} |")


def print_comparison(small: dict, large: dict) -> dict:
    scaling, python_over_sql = scaling_rows(small, large), sql_rows(large)
    _print_table(
        f"Scaling under load: p95 at the large authority over p95 at the small one (target <= {SCALING_TARGET}x)",
        ["Page", "p95 ms, small", "p95 ms, large", "large / small"],
        scaling,
        lambda row: [row["page"], f"{row['small_p95']:.0f}", f"{row['large_p95']:.0f}", f"{row['ratio']:.2f}x"],
    )
    _print_table(
        f"Python over SQL at the large authority, single-threaded (target <= {SQL_TARGET:.0f}x)",
        ["Page", "page ms", "SQL alone ms", "page / SQL"],
        python_over_sql,
        lambda row: [row["page"], f"{row['page_ms']:.1f}", f"{row['sql_ms']:.1f}", f"{row['ratio']:.1f}x"],
    )
    return {"scaling": scaling, "python_over_sql": python_over_sql}


def run_one(database_url: str, arguments: list[str]) -> Path:
    """One benchmark run against `database_url`; the path of its results."""
    environment = {**os.environ, "DATABASE_URL": database_url}
    command = [sys.executable, str(ROOT / "bench" / "run_benchmark.py"), *arguments]
    print(f"\n=== {database_url.rsplit('/', 1)[-1]} ===", flush=True)
    # Shown as it comes (a run takes minutes) and kept, to find where its results went.
    printed: list[str] = []
    with subprocess.Popen(command, env=environment, cwd=ROOT, stdout=subprocess.PIPE, text=True) as running:  # noqa: S603
        assert running.stdout is not None
        for line in running.stdout:
            print(line, end="", flush=True)
            printed.append(line)
    if running.returncode != 0:
        raise SystemExit(f"The benchmark against {database_url} failed (exit {running.returncode}).")
    found = FULL_RESULTS.search("".join(printed))
    if found is None:
        raise SystemExit("The benchmark printed no results file.")
    return ROOT / found.group(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", nargs=2, type=Path, metavar=("SMALL", "LARGE"), help="compare two earlier runs")
    known, passed_on = parser.parse_known_args()
    if known.reports:
        small_path, large_path = known.reports
    else:
        small_path = run_one(os.environ.get("BENCH_SMALL_URL", DEFAULT_SMALL_URL), passed_on)
        large_path = run_one(os.environ.get("DATABASE_URL", DEFAULT_LARGE_URL), passed_on)
    small, large = (json.loads(path.read_text()) for path in (small_path, large_path))
    comparison = print_comparison(small, large)
    out = ROOT / "bench" / "results" / f"compare-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"  # noqa: DTZ005
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"small": str(small_path), "large": str(large_path), **comparison}, indent=2))
    print(f"\nComparison: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

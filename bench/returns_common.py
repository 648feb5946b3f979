"""What the statutory returns' benchmarks share (bench/bench_cin_census.py, bench_ssda903.py, bench_annex_a.py): the
common options, Django set up on the database DATABASE_URL names, the data officer the export is logged against,
the measurement of time and peak memory, and the results file.

Peak memory is Python's own allocations (tracemalloc: the export's growth above the start, which slows
allocation-heavy code several times; --no-tracemalloc leaves it off, for the time alone) and the process's peak
resident size (getrusage), so a result that grows with the number of children shows.
"""

import argparse
import contextlib
import datetime
import json
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parser_for(description: str, *, default_chunk: str = "the export's own") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--user", default="bench-data-officer", help="the data officer the export is logged for")
    parser.add_argument("--chunk-size", type=int, default=None, help=f"children read per chunk ({default_chunk})")
    parser.add_argument("--keep", type=Path, default=None, help="keep what the export wrote here")
    parser.add_argument(
        "--no-tracemalloc", "--no-trace", dest="no_trace", action="store_true", help="leave tracemalloc off"
    )
    return parser


def setup(parser: argparse.ArgumentParser) -> tuple[argparse.Namespace, object]:
    """The parsed options, with Django set up, and the data officer: the one named by --user, or a data officer
    "bench-data-officer" (who cannot sign in) made for the purpose."""
    arguments = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL to the database to export from")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from casemap.accounts.models import Role, User

    user, _ = User.objects.get_or_create(
        username=arguments.user, defaults={"role": Role.DATA_OFFICER, "first_name": "Benchmark", "password": "!"}
    )
    if user.role != Role.DATA_OFFICER:
        parser.error(f"{arguments.user} is not a data officer")
    return arguments, user


@contextlib.contextmanager
def measured(*, trace: bool) -> Iterator[dict[str, object]]:
    """Time the block and its peak memory; the figures are in the dict once the block ends."""
    figures: dict[str, object] = {}
    rss_before_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    yield figures
    seconds = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] if trace else None
    tracemalloc.stop()
    figures.update(
        seconds=round(seconds, 2),
        python_peak_mib=round(traced_peak / 2**20, 1) if traced_peak is not None else None,
        rss_peak_mib=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        rss_before_mib=round(rss_before_kib / 1024, 1),
        tracemalloc=trace,
    )


def per_second(children: int, seconds: float) -> float | None:
    return round(children / seconds, 1) if seconds else None


def report(name: str, result: dict[str, object]) -> None:
    """A line on stdout and bench/results/<name>-<time>.json."""
    from django.db import connection

    result["database"] = connection.vendor
    print(json.dumps(result))
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"{name}-{datetime.datetime.now(datetime.UTC):%Y%m%dT%H%M%S}.json").write_text(json.dumps(result))

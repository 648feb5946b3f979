"""Benchmark: export Ofsted's Annex A lists from the database DATABASE_URL names, and report how long it took, how
many children and rows it held, and the peak memory.

    DATABASE_URL=postgres://... .venv/bin/python bench/bench_annex_a.py                      # the six months to today
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_annex_a.py --start 2026-01-01 --end 2026-06-30
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_annex_a.py --no-trace           # time without tracemalloc

The export is the real one (the management command's): children read in chunks, the workbook written as it goes,
and each child appended to the access log as exported, so the benchmark's database gains one access-log row per
child. It is made by the data officer named by --user; if there is none, a data officer "bench-data-officer" (who
cannot sign in) is created. Peak memory is Python's own allocations (tracemalloc, which slows the export; --no-trace
leaves it off) and the process's peak resident size (getrusage).

Results: a line on stdout and bench/results/annex-a-<time>.json.
"""

import argparse
import datetime
import json
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description="Time the Annex A export and its peak memory.")
    parser.add_argument("--start", type=datetime.date.fromisoformat, help="the period's first day (YYYY-MM-DD)")
    parser.add_argument("--end", type=datetime.date.fromisoformat, help="the period's last day (default: today)")
    parser.add_argument("--user", default="bench-data-officer", help="the data officer the export is logged for")
    parser.add_argument("--chunk-size", type=int, default=None, help="children read per chunk")
    parser.add_argument("--no-trace", action="store_true", help="leave tracemalloc off, for the time alone")
    parser.add_argument("--keep", type=Path, default=None, help="keep the workbook here")
    arguments = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL to the database to export from")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

    import django

    django.setup()
    from django.utils import timezone

    from casemap.accounts.models import Role, User
    from casemap.returns.annex_a.export import annex_a_export
    from casemap.returns.annex_a.period import AnnexPeriod, default_period
    from casemap.returns.annex_a.selectors import CHUNK_SIZE

    user, _ = User.objects.get_or_create(
        username=arguments.user, defaults={"role": Role.DATA_OFFICER, "first_name": "Benchmark", "password": "!"}
    )
    if user.role != Role.DATA_OFFICER:
        parser.error(f"{arguments.user} is not a data officer")
    end = arguments.end or timezone.localdate()
    period = AnnexPeriod(start=arguments.start or default_period(end).start, end=end)
    chunk_size = arguments.chunk_size or CHUNK_SIZE
    with tempfile.TemporaryDirectory() as folder:
        path = arguments.keep or Path(folder) / "annex-a.xlsx"
        rss_before_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if not arguments.no_trace:
            tracemalloc.start()
        started = time.perf_counter()
        with path.open("wb") as output:
            exported = annex_a_export(acting_user=user, period=period, output=output, chunk_size=chunk_size)
        seconds = time.perf_counter() - started
        traced_peak = tracemalloc.get_traced_memory()[1] if not arguments.no_trace else None
        tracemalloc.stop()
        result = {
            "period": period.label,
            "children": exported.children,
            "rows": {written.sheet_name: written.rows for written in exported.lists},
            "chunk_size": chunk_size,
            "seconds": round(seconds, 2),
            "children_per_second": round(exported.children / seconds, 1) if seconds else None,
            "file_bytes": path.stat().st_size,
            "python_peak_mib": round(traced_peak / 2**20, 1) if traced_peak is not None else None,
            "rss_peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "rss_before_mib": round(rss_before_kib / 1024, 1),
            "database": django.db.connection.vendor,
        }
    print(json.dumps(result))
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"annex-a-{datetime.datetime.now(datetime.UTC):%Y%m%dT%H%M%S}.json").write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: export Ofsted's Annex A lists from the database DATABASE_URL names, and report how long it took, how
many children and rows it held, and the peak memory.

    DATABASE_URL=postgres://... .venv/bin/python bench/bench_annex_a.py                      # the six months to today
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_annex_a.py --start 2026-01-01 --end 2026-06-30
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_annex_a.py --no-tracemalloc     # time without tracemalloc

The export is the real one (the management command's): children read in chunks, the workbook written as it goes,
and each child appended to the access log as exported, so the benchmark's database gains one access-log row per
child. The data officer, the memory figures and the results file are bench/returns_common.py's.

Results: a line on stdout and bench/results/annex-a-<time>.json.
"""

import datetime
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.returns_common import measured, parser_for, per_second, report, setup


def main() -> int:
    parser = parser_for("Time the Annex A export and its peak memory.")
    parser.add_argument("--start", type=datetime.date.fromisoformat, help="the period's first day (YYYY-MM-DD)")
    parser.add_argument("--end", type=datetime.date.fromisoformat, help="the period's last day (default: today)")
    arguments, user = setup(parser)
    from django.utils import timezone

    from casemap.returns.annex_a.export import annex_a_export
    from casemap.returns.annex_a.period import AnnexPeriod, default_period
    from casemap.returns.annex_a.selectors import CHUNK_SIZE

    end = arguments.end or timezone.localdate()
    period = AnnexPeriod(start=arguments.start or default_period(end).start, end=end)
    chunk_size = arguments.chunk_size or CHUNK_SIZE
    with tempfile.TemporaryDirectory() as folder:
        path = arguments.keep or Path(folder) / "annex-a.xlsx"
        with measured(trace=not arguments.no_trace) as figures, path.open("wb") as output:
            exported = annex_a_export(acting_user=user, period=period, output=output, chunk_size=chunk_size)
        result = {
            "period": period.label,
            "children": exported.children,
            "rows": {written.sheet_name: written.rows for written in exported.lists},
            "chunk_size": chunk_size,
            **figures,
            "children_per_second": per_second(exported.children, figures["seconds"]),
            "file_bytes": path.stat().st_size,
        }
    report("annex-a", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: export the SSDA903 return (children looked after) from the database DATABASE_URL names, and report how
long it took, how many children and rows a table it held, and the peak memory.

    DATABASE_URL=postgres://... .venv/bin/python bench/bench_ssda903.py --year 2026
    .venv/bin/python bench/bench_ssda903.py --year 2026 --no-tracemalloc   # the time without tracemalloc
    .venv/bin/python bench/bench_ssda903.py --year 2026 --validate         # the DfE's rules too (slow)

The export is the real one (the management command's): children read in chunks, a CSV file a table written as it
goes, and each child appended to the access log as exported, so the benchmark's database gains one access-log row
per child. The data officer, the memory figures and the results file are bench/returns_common.py's. --validate runs
the DfE's rules (.venv-validators) and counts the errors by rule.

Results: a line on stdout and bench/results/ssda903-<time>.json.
"""

import collections
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.returns_common import measured, parser_for, per_second, report, setup


def main() -> int:
    parser = parser_for("Time the SSDA903 export and its peak memory.")
    parser.add_argument("--year", type=int, required=True, help="the collection year, ending 31 March")
    parser.add_argument("--validate", action="store_true", help="also run the DfE's rules on the files")
    arguments, user = setup(parser)
    from django.conf import settings

    from casemap.returns.ssda903.export import ssda903_export
    from casemap.returns.ssda903.selectors import CHUNK_SIZE
    from casemap.returns.ssda903.writer import TABLES
    from casemap.returns.validation import ssda903_validate

    chunk_size = arguments.chunk_size or CHUNK_SIZE
    with tempfile.TemporaryDirectory() as scratch:
        folder = arguments.keep or Path(scratch) / "ssda903"
        folder.mkdir(parents=True, exist_ok=True)
        with measured(trace=not arguments.no_trace) as figures:
            exported = ssda903_export(acting_user=user, year=arguments.year, folder=folder, chunk_size=chunk_size)
        rows = {}
        for table, name, _columns in TABLES:
            with (folder / name).open("rb") as written:
                rows[table] = sum(1 for _ in written) - 1
        result = {
            "year": arguments.year,
            "children": exported.children,
            "rows": rows,
            "chunk_size": chunk_size,
            **figures,
            "children_per_second": per_second(exported.children, figures["seconds"]),
            "file_bytes": sum(path.stat().st_size for path in folder.glob("*.csv")),
        }
        if arguments.validate:
            started = time.perf_counter()
            validation = ssda903_validate(folder, year=arguments.year, la_code=settings.LA_CODE)
            result["validate_seconds"] = round(time.perf_counter() - started, 2)
            result["errors"] = len(validation.errors)
            result["errors_by_rule"] = dict(collections.Counter(failure.code for failure in validation.errors))
            result["not_run"] = [rule.code for rule in validation.not_run]
    report("ssda903", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())

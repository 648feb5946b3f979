"""Benchmark: export the Children in Need census from the database DATABASE_URL names, and report how long it took,
how many children it held and the peak memory.

    DATABASE_URL=postgres://... .venv/bin/python bench/bench_cin_census.py --year 2027
    .venv/bin/python bench/bench_cin_census.py --year 2027 --no-tracemalloc   # the time without tracemalloc
    .venv/bin/python bench/bench_cin_census.py --year 2027 --validate         # the DfE's rules too (slow)

The export is the real one (the management command's): children read in chunks, the XML written as it goes, and
each child appended to the access log as exported, so the benchmark's database gains one access-log row per child.
The data officer, the memory figures and the results file are bench/returns_common.py's.

Results: a line on stdout and bench/results/cin-census-<time>.json.
"""

import collections
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.returns_common import measured, parser_for, per_second, report, setup


def main() -> int:
    parser = parser_for("Time the Children in Need census export and its peak memory.")
    parser.add_argument("--year", type=int, required=True, help="the collection year, ending 31 March")
    parser.add_argument("--validate", action="store_true", help="also run the DfE's rules on the file")
    arguments, user = setup(parser)
    from casemap.returns.cin_census.export import cin_census_export
    from casemap.returns.cin_census.selectors import CHUNK_SIZE
    from casemap.returns.validation import cin_census_validate

    chunk_size = arguments.chunk_size or CHUNK_SIZE
    with tempfile.TemporaryDirectory() as folder:
        path = arguments.keep or Path(folder) / "cin.xml"
        with measured(trace=not arguments.no_trace) as figures, path.open("wb") as output:
            exported = cin_census_export(acting_user=user, year=arguments.year, output=output, chunk_size=chunk_size)
        result = {"year": arguments.year, "children": exported.children, "chunk_size": chunk_size, **figures}
        result["children_per_second"] = per_second(exported.children, figures["seconds"])
        result["file_bytes"] = path.stat().st_size
        if arguments.validate:
            started = time.perf_counter()
            validation = cin_census_validate(path, year=arguments.year)
            result["validate_seconds"] = round(time.perf_counter() - started, 2)
            result["errors"] = len(validation.errors)
            result["queries"] = len(validation.queries)
            result["errors_by_rule"] = dict(collections.Counter(failure.code for failure in validation.errors))
    report("cin-census", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())

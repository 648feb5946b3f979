"""Benchmark: export the Children in Need census from the database DATABASE_URL names, and report how long it took,
how many children it held and the peak memory.

    DATABASE_URL=postgres://... .venv/bin/python bench/bench_cin_census.py --year 2027
    .venv/bin/python bench/bench_cin_census.py --year 2027 --validate   # the DfE's rules too (slow)

The export is the real one (the management command's): children read in chunks, the XML written as it goes, and
each child appended to the access log as exported, so the benchmark's database gains one access-log row per child.
It is made by the data officer named by --user; if there is none, a data officer "bench-data-officer" (who cannot
sign in) is created. Peak memory is Python's own allocations (tracemalloc: the export's growth above the start)
and the process's peak resident size (getrusage), so a result that grows with the number of children shows.

Results: a line on stdout and bench/results/cin-census-<time>.json.
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
    parser = argparse.ArgumentParser(description="Time the Children in Need census export and its peak memory.")
    parser.add_argument("--year", type=int, required=True, help="the collection year, ending 31 March")
    parser.add_argument("--user", default="bench-data-officer", help="the data officer the export is logged for")
    parser.add_argument("--chunk-size", type=int, default=None, help="children read per chunk")
    parser.add_argument("--validate", action="store_true", help="also run the DfE's rules on the file")
    parser.add_argument("--keep", type=Path, default=None, help="keep the XML file here")
    arguments = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL to the database to export from")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

    import django

    django.setup()
    from casemap.accounts.models import Role, User
    from casemap.returns.cin_census.export import cin_census_export
    from casemap.returns.cin_census.selectors import CHUNK_SIZE
    from casemap.returns.validation import cin_census_validate

    user, _ = User.objects.get_or_create(
        username=arguments.user, defaults={"role": Role.DATA_OFFICER, "first_name": "Benchmark", "password": "!"}
    )
    if user.role != Role.DATA_OFFICER:
        parser.error(f"{arguments.user} is not a data officer")
    chunk_size = arguments.chunk_size or CHUNK_SIZE
    with tempfile.TemporaryDirectory() as folder:
        path = arguments.keep or Path(folder) / "cin.xml"
        rss_before_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        started = time.perf_counter()
        with path.open("wb") as output:
            exported = cin_census_export(acting_user=user, year=arguments.year, output=output, chunk_size=chunk_size)
        seconds = time.perf_counter() - started
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result = {
            "year": arguments.year,
            "children": exported.children,
            "chunk_size": chunk_size,
            "seconds": round(seconds, 2),
            "children_per_second": round(exported.children / seconds, 1) if seconds else None,
            "file_bytes": path.stat().st_size,
            "python_peak_mib": round(traced_peak / 2**20, 1),
            "rss_peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "rss_before_mib": round(rss_before_kib / 1024, 1),
            "database": django.db.connection.vendor,
        }
        if arguments.validate:
            started = time.perf_counter()
            validation = cin_census_validate(path, year=arguments.year)
            result["validate_seconds"] = round(time.perf_counter() - started, 2)
            result["errors"] = len(validation.errors)
            result["queries"] = len(validation.queries)
    print(json.dumps(result))
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"cin-census-{datetime.datetime.now(datetime.UTC):%Y%m%dT%H%M%S}.json").write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

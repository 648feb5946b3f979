"""Where one page's time goes: its queries with their times, then a cProfile summary, against the benchmark's authority.

    make profile PAGE=/supervision/ AS=grace
    .venv/bin/python bench/profile_page.py /people/1/ --as sally --repeats 20 --only casemap

The database is migrated to the code and the static files are collected first (the production settings serve
them hashed). The page is asked once to warm up, then --repeats times for the median and p95 of the whole request
(in-process, django.test.Client, the benchmark's production settings), once more with its SQL captured (each
statement with its time), and --profiled times under cProfile, summarised by cumulative time (`--sort tottime`: by
each function's own time). `--only casemap` keeps the project's own functions in the summary. Nothing is written to
the database but the sign-in, the access log and what a page keeps for later (the practice count).
"""

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_benchmark import DEFAULT_DATABASE_URL, percentile, prepare  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", help="the page, for example /supervision/ or '/meetings/?for=team'")
    parser.add_argument("--as", dest="username", default="sally", help="who asks for it (a demo or generated user)")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--profiled", type=int, default=5, help="requests under cProfile")
    parser.add_argument("--only", default="", help="keep functions whose file path contains this")
    parser.add_argument("--lines", type=int, default=40, help="lines of the profile to print")
    parser.add_argument(
        "--sort",
        choices=["cumulative", "tottime"],
        default="cumulative",
        help="tottime: the functions that spend the time themselves, rather than those that call them",
    )
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "SECRET_KEY": secrets.token_hex(40),
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url,
            "CASEMAP_DEMO_MODE": "true",
            "DB_CONN_MAX_AGE": "60",
        }
    )
    prepare(dict(os.environ, PYTHONPATH=str(ROOT)))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from casemap.accounts.demo import DEMO_PASSWORD

    client = Client()
    signed_in = client.post("/sign-in/", {"username": args.username, "password": DEMO_PASSWORD})
    if signed_in.status_code != 302:
        raise SystemExit(f"{args.username} could not sign in ({signed_in.status_code}): run make bench-generate")
    first = client.get(args.path)
    if first.status_code != 200:
        raise SystemExit(f"{args.path} answered {first.status_code} for {args.username}")

    timings = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        client.get(args.path)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(args.path)
    sql_ms = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    print(f"{args.path} as {args.username}: median {statistics.median(timings):.1f} ms, p95 "
          f"{percentile(timings, 0.95):.1f} ms over {args.repeats}; {len(queries)} queries, {sql_ms:.0f} ms of SQL "
          f"as the driver timed it")  # fmt: skip
    for query in queries.captured_queries:
        print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:150]}")

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.profiled):
        client.get(args.path)
    profile.disable()
    print(f"\ncProfile over {args.profiled} requests, by {args.sort} time:")
    stats = pstats.Stats(profile, stream=sys.stdout).sort_stats(args.sort)
    if args.only:
        stats.print_stats(args.only, args.lines)
    else:
        stats.print_stats(args.lines)


if __name__ == "__main__":
    main()

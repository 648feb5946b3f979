"""Pages' times under two versions of the code, asked in turn so that the machine's drift falls on both alike.

    .venv/bin/python bench/compare_codes.py ../casemap-before . '/cases/team/|dana' '/maps/2/|sally' --rounds 3

Each tree is a checkout of Casemap with its own `.venv` (a git work tree with a link to this one's will do), run
against the same benchmark database (`DATABASE_URL`, as `bench/profile_page.py` reads it). For each page, given
as PATH|USER, each round asks `bench/profile_page.py` in the first tree and then in the second for its median of
`--repeats` requests; the median of each tree's medians and their ratio are printed. Measured run after run
instead, the same page moves by 20-30% on a shared machine, enough to decide a ratio near a target either way.
"""

import argparse
import re
import statistics
import subprocess
from pathlib import Path

_MEDIAN = re.compile(r"median ([\d.]+) ms")


def median_printed(output: str) -> float | None:
    """The median `bench/profile_page.py` prints on its first line, or None if the page was not measured."""
    found = _MEDIAN.search(output)
    return float(found.group(1)) if found else None


def compared(first: list[float | None], second: list[float | None]) -> tuple[float, float, float] | None:
    """The median of each side's measured rounds and the second over the first; None if either has none."""
    first_measured = [value for value in first if value is not None]
    second_measured = [value for value in second if value is not None]
    if not first_measured or not second_measured:
        return None
    a, b = statistics.median(first_measured), statistics.median(second_measured)
    return a, b, b / a


def measure(tree: Path, path: str, user: str, repeats: int) -> float | None:
    # A fixed command in the given checkout's own environment: the page and user are its arguments, not a shell.
    command = [str(tree / ".venv/bin/python"), str(tree / "bench/profile_page.py"), path, "--as", user,
               "--repeats", str(repeats), "--profiled", "0", "--lines", "0"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, cwd=tree, check=False)  # noqa: S603

    return median_printed(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("first", type=Path, help="the checkout measured first in each round (the code before)")
    parser.add_argument("second", type=Path, help="the checkout measured second (the code after)")
    parser.add_argument("pages", nargs="+", help="PATH|USER, for example '/cases/team/|dana'")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=25, help="requests per measurement")
    args = parser.parse_args()
    print(f"| Page | {args.first} ms | {args.second} ms | second / first |")
    print("|---|---:|---:|---:|")
    for page in args.pages:
        path, _, user = page.partition("|")
        first: list[float | None] = []
        second: list[float | None] = []
        for _ in range(args.rounds):
            first.append(measure(args.first.resolve(), path, user or "sally", args.repeats))
            second.append(measure(args.second.resolve(), path, user or "sally", args.repeats))
        result = compared(first, second)
        shown = f"{result[0]:.1f} | {result[1]:.1f} | {result[2]:.2f}" if result else "not measured | | "
        print(f"| {user or 'sally'}: {path} | {shown} |", flush=True)


if __name__ == "__main__":
    main()

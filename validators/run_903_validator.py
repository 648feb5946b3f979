"""Run the DfE's SSDA903 rules (csc-validator-be-903) on an exported return, a folder of CSV files (one a table),
and print the rules it breaks as JSON. It runs in the validators' own environment (.venv-validators, `make
validators`), never in Casemap's: the rules need pandas<2 and numpy<1.25.

    .venv-validators/bin/python validators/run_903_validator.py DIR --year 2026 --la E08000035

prints {"ruleset": "lac2025_26", "failures": [{"code", "type", "message", "child_id", "fields"}, ...],
"not_run": [{"code", "message", "needs"}, ...]}.

- The package does not say which rules are queries, so every rule broken is reported with type "Error".
- A rule that crashes on the files is a failure too (type "Error", no child), never passed silently.
- A rule the package skips because it needs what the files cannot hold (last year's return, or Ofsted's lists of
  children's homes and social care providers) is listed in "not_run" with what it needs. Rules skipped only because
  the return holds nothing for them to check (no care leavers, say) are not listed: there was nothing to find.
- Two of the package's 2025-26 rules read columns by names its own reader never makes: 231 reads the header's
  UASC_STATUS (the reader calls it UASC) and 233 the episode's DATE_EPISODE_CEASED (the file's DEC). They would
  crash on every file, so the runner gives them those columns, copies of UASC and DEC, and they run as written.
- A return with no child (a header file with its header row alone) breaks no rule: the package cannot read one (its
  reader fails on an empty header table), so the runner answers without it.
- The table a file holds is found from its columns, as the package does; a file named in the folder that matches no
  table stops the run.
"""

import argparse
import contextlib
import inspect
import io
import json
import logging
import sys
import warnings
from pathlib import Path

# The postcode data ships inside its package; nothing is fetched.
NEEDS = {
    "_last": "last year's return",
    "provider_info": "Ofsted's lists of children's homes and social care providers",
}


def ruleset_for(year: int) -> str:
    """The rules for the collection year ending 31 March `year`: lac2025_26 for 2026."""
    return f"lac{year - 1}_{year % 100:02d}"


def _needs(rule: object) -> list[str]:
    try:
        source = inspect.getsource(rule.func)  # type: ignore[attr-defined]
    except (OSError, TypeError):
        return []
    return [what for marker, what in NEEDS.items() if marker in source]


# The names two rules read (231, 233) for the columns the package's reader makes: (table, rule's name, column).
ALIASES = [("Header", "UASC_STATUS", "UASC"), ("Episodes", "DATE_EPISODE_CEASED", "DEC")]


def failures(folder: Path, year: int, la_code: str) -> dict[str, object]:
    from lac_validator import lac_validator
    from lac_validator.rules.ruleset_utils import get_year_ruleset
    from lac_validator.types import UploadedFile

    class Validator(lac_validator.LacValidator):  # type: ignore[misc]
        def validate(self, selected_rules: object = None) -> None:
            for table, alias, column in ALIASES:
                frame = self.dfs.get(table)
                if frame is not None and column in frame.columns and alias not in frame.columns:
                    frame[alias] = frame[column]
            super().validate(selected_rules)

    ruleset = ruleset_for(year)
    registry = get_year_ruleset(str(year))
    files = [
        UploadedFile(name=path.name, description="This year", file_content=path.read_bytes())
        for path in sorted(folder.glob("*.csv"))
    ]
    if not files:
        raise SystemExit(f"No CSV files in {folder}")
    header = folder / "header.csv"
    if header.exists() and len(header.read_text(encoding="utf-8").splitlines()) <= 1:
        return {"ruleset": ruleset, "failures": [], "not_run": []}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        validator = Validator(
            metadata={"collectionYear": str(year), "localAuthority": la_code},
            files=files,
            registry=registry,
        )
    rules = {str(rule.code): rule for rule in registry.values()}
    found: dict[tuple[str, str], dict[str, object]] = {}
    for table, frame in validator.ds_results.items():
        if table == "metadata":
            continue
        for column in [name for name in frame.columns if str(name).startswith("ERR_")]:
            code = str(column)[4:]
            rule = rules.get(code)
            flagged = frame[frame[column] == True]  # noqa: E712  a column of True and NaN
            for child in flagged["CHILD"].tolist() if "CHILD" in flagged else [""] * len(flagged):
                child_id = "" if str(child) in {"", "nan", "None"} else str(child)
                failure = found.setdefault(
                    (code, child_id),
                    {
                        "code": code,
                        "type": "Error",
                        "message": str(rule.message) if rule else code,
                        "child_id": child_id,
                        "fields": [],
                    },
                )
                for field in (rule.affected_fields or []) if rule else []:
                    named = f"{table}.{field}"
                    if named not in failure["fields"]:  # type: ignore[operator]
                        failure["fields"].append(named)  # type: ignore[union-attr]
    for code in validator.fails:
        rule = rules.get(str(code))
        found[(str(code), "")] = {
            "code": str(code),
            "type": "Error",
            "message": f"The rule could not be run on these files: {rule.message if rule else code}",
            "child_id": "",
            "fields": [],
        }
    not_run = []
    for code in validator.skips:
        rule = rules.get(str(code))
        needs = _needs(rule) if rule else []
        if needs:
            not_run.append({"code": str(code), "message": str(rule.message), "needs": needs})  # type: ignore[union-attr]
    return {
        "ruleset": ruleset,
        "failures": sorted(found.values(), key=lambda f: (f["child_id"], f["code"])),
        "not_run": sorted(not_run, key=lambda rule: rule["code"]),
    }


def main() -> int:
    # The rules are written for older pandas and warn and log as they run; the answer is the JSON alone.
    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--year", type=int, required=True, help="the collection year, ending 31 March")
    parser.add_argument("--la", required=True, help="the authority's nine-character ONS code, e.g. E08000035")
    arguments = parser.parse_args()
    json.dump(failures(arguments.folder, arguments.year, arguments.la), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

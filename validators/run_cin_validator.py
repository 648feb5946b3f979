"""Run the DfE's Children in Need census rules (csc-validator-be-cin) on an exported XML file and print the rules
it breaks as JSON. It runs in the validators' own environment (.venv-validators, `make validators`), never in
Casemap's: the rules need pandas<2 and numpy<2.

    .venv-validators/bin/python validators/run_cin_validator.py FILE.xml --year 2026

prints {"ruleset": "cin2025_26", "failures": [{"code", "type", "message", "child_id", "fields"}, ...]}; "type" is
"Error" or "Query". A rule that crashes on the file is a failure too (type "Error"), never passed silently.
"""

import argparse
import contextlib
import importlib
import io
import json
import re
import sys
import warnings
import xml.etree.ElementTree as ET

from cin_validator import cin_validator


def ruleset_for(year: int) -> str:
    """The rules for the collection year ending 31 March `year`: cin2025_26 for 2026."""
    return f"cin{year - 1}_{year % 100:02d}"


def failures(path: str, year: int) -> dict[str, object]:
    ruleset = ruleset_for(year)
    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    root = ET.parse(path).getroot()  # noqa: S314
    data = cin_validator.process_data(cin_validator.convert_data(root))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        validator = cin_validator.CinValidator(data, registry)
    rules = {str(rule.code): rule for rule in registry.values()}
    found: dict[tuple[str, str], dict[str, object]] = {}
    issues = validator.full_issue_df
    for row in issues.to_dict("records"):
        code = str(row["rule_code"])
        child_id = "" if str(row.get("child_id", "")) in {"", "nan", "None"} else str(row["child_id"])
        failure = found.setdefault(
            (code, child_id),
            {
                "code": code,
                "type": rules[code].rule_type.value if code in rules else "Error",
                "message": str(row["rule_description"]),
                "child_id": child_id,
                "fields": [],
            },
        )
        field = f"{row['tables_affected']}.{row['columns_affected']}"
        if field not in failure["fields"]:  # type: ignore[operator]
            failure["fields"].append(field)  # type: ignore[union-attr]
    for row in validator.multichild_issues.to_dict("records"):
        code = str(row["rule_code"])
        found.setdefault(
            (code, ""),
            {
                "code": code,
                "type": rules[code].rule_type.value if code in rules else "Error",
                "message": str(row["rule_description"]),
                "child_id": "",
                "fields": [],
            },
        )
    for code, error in re.findall(r"Error with rule (\S+): (.*)", printed.getvalue()):
        found[(code, "")] = {
            "code": code,
            "type": "Error",
            "message": f"The rule could not be run on this file: {error}",
            "child_id": "",
            "fields": [],
        }
    return {"ruleset": ruleset, "failures": sorted(found.values(), key=lambda f: (f["child_id"], f["code"]))}


def main() -> int:
    # The rules are written for older pandas and warn as they run; the answer is the JSON alone.
    warnings.simplefilter("ignore")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--year", type=int, required=True, help="the collection year, ending 31 March")
    arguments = parser.parse_args()
    json.dump(failures(arguments.file, arguments.year), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

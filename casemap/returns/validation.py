"""The DfE's rules for the Children in Need census and the SSDA903 return, run on an exported file in the
validators' own environment.

The rules (`csc-validator-be-cin`, `csc-validator-be-903`) need pandas<2 and numpy<1.25, so they cannot share
Casemap's packages: `make validators` builds `.venv-validators` from `validators/requirements.txt`, and
`validators/run_cin_validator.py` and `run_903_validator.py` run there and answer in JSON. Their output names
children only by the return's identifier.
"""

import dataclasses
import json
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings

VALIDATORS_PYTHON = Path(settings.BASE_DIR) / ".venv-validators" / "bin" / "python"
CIN_RUNNER = Path(settings.BASE_DIR) / "validators" / "run_cin_validator.py"
SSDA903_RUNNER = Path(settings.BASE_DIR) / "validators" / "run_903_validator.py"
# A census of 100,000 children takes the rules minutes; a run that hangs must not hold a worker for ever.
TIMEOUT_SECONDS = 60 * 60


class ValidatorUnavailable(RuntimeError):
    """The validators' environment is missing or the rules could not be run on the file."""


@dataclasses.dataclass(frozen=True)
class RuleFailure:
    code: str
    type: str
    message: str
    child_id: str
    fields: tuple[str, ...]

    @property
    def is_error(self) -> bool:
        return self.type == "Error"

    @property
    def person_id(self) -> int | None:
        """The person the census identifier names (P0000123 is person 123), or None for the whole return."""
        if self.child_id.startswith("P") and self.child_id[1:].isdigit():
            return int(self.child_id[1:])
        return None


@dataclasses.dataclass(frozen=True)
class CensusValidation:
    ruleset: str
    failures: tuple[RuleFailure, ...]

    @property
    def errors(self) -> list[RuleFailure]:
        return [failure for failure in self.failures if failure.is_error]

    @property
    def queries(self) -> list[RuleFailure]:
        return [failure for failure in self.failures if not failure.is_error]


def _rules_run(rules: str, runner: Path, arguments: list[str], what: str) -> dict[str, Any]:
    """Run one of the DfE's rule sets in the validators' own environment on `what` ("this file", "these files") and
    read its JSON answer."""
    if not VALIDATORS_PYTHON.exists():
        raise ValidatorUnavailable(
            f"The {rules} rules are not installed here: run `make validators` to build .venv-validators."
        )
    try:
        result = subprocess.run(  # noqa: S603  fixed programs, our own files
            [str(VALIDATORS_PYTHON), str(runner), *arguments],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ValidatorUnavailable(f"The {rules} rules took too long to run on {what}.") from error
    if result.returncode != 0:
        # Its error output may quote the files, so it is not passed on.
        raise ValidatorUnavailable(f"The {rules} rules could not be run on {what} (exit {result.returncode}).")
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


def _failures(answer: dict[str, Any]) -> tuple[RuleFailure, ...]:
    return tuple(
        RuleFailure(
            code=failure["code"],
            type=failure["type"],
            message=failure["message"],
            child_id=failure["child_id"],
            fields=tuple(failure["fields"]),
        )
        for failure in answer["failures"]
    )


def cin_census_validate(path: Path, *, year: int) -> CensusValidation:
    """Every rule the file breaks, errors and queries, for the collection year ending 31 March `year`."""
    answer = _rules_run("census", CIN_RUNNER, [str(path), "--year", str(year)], "this file")
    return CensusValidation(ruleset=answer["ruleset"], failures=_failures(answer))


# The type an export keeps, beside its failures, for a rule that could not be run on its files.
NOT_RUN = "Not run"


@dataclasses.dataclass(frozen=True)
class RuleNotRun:
    """A rule the SSDA903 rules skip here, and what it would need: last year's return, or Ofsted's lists of
    children's homes and social care providers."""

    code: str
    message: str
    needs: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Ssda903Validation(CensusValidation):
    not_run: tuple[RuleNotRun, ...] = ()


def ssda903_validate(folder: Path, *, year: int, la_code: str) -> Ssda903Validation:
    """Every rule the SSDA903 files in `folder` break, for the collection year ending 31 March `year` and the
    authority `la_code` (its ONS code: placements are in or out of the authority by their postcodes), and the rules
    that could not be run here. The SSDA903 rules do not say which are queries: every rule broken is an error."""
    answer = _rules_run("SSDA903", SSDA903_RUNNER, [str(folder), "--year", str(year), "--la", la_code], "these files")
    return Ssda903Validation(
        ruleset=answer["ruleset"],
        failures=_failures(answer),
        not_run=tuple(
            RuleNotRun(code=rule["code"], message=rule["message"], needs=tuple(rule["needs"]))
            for rule in answer["not_run"]
        ),
    )

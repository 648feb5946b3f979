"""The DfE's Children in Need census rules, run on an exported file in the validators' own environment.

The rules (`csc-validator-be-cin`) need pandas<2 and numpy<2, so they cannot share Casemap's packages: `make
validators` builds `.venv-validators` from `validators/requirements.txt`, and `validators/run_cin_validator.py`
runs there and answers in JSON. Its output names children only by their census identifier.
"""

import dataclasses
import json
import subprocess
from pathlib import Path

from django.conf import settings

VALIDATORS_PYTHON = Path(settings.BASE_DIR) / ".venv-validators" / "bin" / "python"
CIN_RUNNER = Path(settings.BASE_DIR) / "validators" / "run_cin_validator.py"
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


def cin_census_validate(path: Path, *, year: int) -> CensusValidation:
    """Every rule the file breaks, errors and queries, for the collection year ending 31 March `year`."""
    if not VALIDATORS_PYTHON.exists():
        raise ValidatorUnavailable(
            "The census rules are not installed here: run `make validators` to build .venv-validators."
        )
    try:
        result = subprocess.run(  # noqa: S603  fixed programs, our own file
            [str(VALIDATORS_PYTHON), str(CIN_RUNNER), str(path), "--year", str(year)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ValidatorUnavailable("The census rules took too long to run on this file.") from error
    if result.returncode != 0:
        # Its error output may quote the file, so it is not passed on.
        raise ValidatorUnavailable(f"The census rules could not be run on this file (exit {result.returncode}).")
    answer = json.loads(result.stdout)
    return CensusValidation(
        ruleset=answer["ruleset"],
        failures=tuple(
            RuleFailure(
                code=failure["code"],
                type=failure["type"],
                message=failure["message"],
                child_id=failure["child_id"],
                fields=tuple(failure["fields"]),
            )
            for failure in answer["failures"]
        ),
    )

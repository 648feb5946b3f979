"""What an import reports: a child or element rejected, or a fact left out, in plain words."""

import dataclasses
from typing import Any


@dataclasses.dataclass(frozen=True)
class ImportProblem:
    """`message` never holds a child's details (no dates, names or values): it is safe to print in a terminal.
    `detail` is a service's own words for a refusal, which may name a date; only the import's page shows it."""

    child_id: str  # the child's LAchildID in the file; empty for the file as a whole
    field: str  # where in the file, as the DfE's rules name it: "Assessments.AssessmentAuthorisationDate"
    message: str
    detail: str = ""
    person_id: int | None = None  # the child's record in Casemap, where there is one
    line: int | None = None

    def __str__(self) -> str:
        """ "Child ABC123, Assessments.AssessmentAuthorisationDate: the assessment was authorised before it
        started"; for the file as a whole, "The file, Source.LEA: ..." or the message alone, with its line."""
        if not self.child_id and not self.field:
            return self.message + (f" (line {self.line})" if self.line else "")
        where = f"Child {self.child_id}" if self.child_id else "The file"
        if self.line and not self.child_id:
            where += f" (line {self.line})"
        return f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class ChildRejected(Exception):
    """The child cannot be imported whole: nothing of them is kept."""

    def __init__(self, problem: ImportProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class FileRefused(Exception):
    """The file cannot be imported at all (not XML, not the census's schema, another authority's)."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems

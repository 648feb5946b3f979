"""Reads for the import pages: a data officer's imports, and each rejection or note in plain words with the child's
record where there is one."""

import dataclasses
from typing import Any

from django.http import Http404
from django.urls import reverse

from casemap.accounts.models import User
from casemap.returns.cin_import.problems import ImportProblem
from casemap.returns.cin_import.services import import_path, may_import_returns
from casemap.returns.models import ImportStatus, ReturnImport


@dataclasses.dataclass(frozen=True)
class ShownProblem:
    problem: ImportProblem
    record_url: str

    @property
    def where(self) -> str:
        """The field and the line it is on: "Episodes.LS (line 4)" (an SSDA903 table's line in its own file)."""
        line = f" (line {self.problem.line})" if self.problem.line else ""
        if self.problem.child_id:
            return (self.problem.field or "The child as a whole") + line
        return (self.problem.field or "The file") + line


def import_for_user(user: User, import_id: int) -> ReturnImport:
    """A recorded import, for a data officer; anyone else is told there is no such page."""
    if not may_import_returns(user):
        raise Http404
    try:
        return ReturnImport.objects.select_related("created_by", "team").get(pk=import_id)
    except ReturnImport.DoesNotExist as error:
        raise Http404 from error


def imports_for_user(user: User, *, limit: int = 20) -> list[ReturnImport]:
    if not may_import_returns(user):
        raise Http404
    return list(ReturnImport.objects.select_related("created_by", "team").defer("rejections", "notes")[:limit])


def shown_problems(rows: list[dict[str, Any]]) -> list[ShownProblem]:
    problems = [ImportProblem(**row) for row in rows]
    return [
        ShownProblem(
            problem=problem,
            record_url=reverse("people:detail", args=[problem.person_id]) if problem.person_id else "",
        )
        for problem in problems
    ]


def may_import_after_dry_run(record: ReturnImport) -> bool:
    """A dry run whose file is still kept can be imported for real from the same file."""
    return record.status == ImportStatus.DRY_RUN and import_path(record.reference, record.kind).is_file()

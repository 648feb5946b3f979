"""manage.py import_cin_census FILE.xml --user USERNAME --team TEAM [--dry-run]

Brings a Children in Need census made by another system into Casemap (docs/returns-imports.md): each child found by
their identifier or recorded anew, with their referrals, episodes, assessments, plans, enquiries and conferences,
through the same services as the pages, logged against USERNAME (a data officer). Open cases go to TEAM (its name
or number), held unallocated for its manager. With --dry-run everything is done and then undone, to see what would
happen. The terminal shows counts, and each rejection by the child's identifier in the file and the field, never a
child's details. It exits non-zero when the file or any child was refused.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casemap.accounts.models import Role, Team, User
from casemap.returns.cin_import.problems import ImportProblem
from casemap.returns.cin_import.services import ImportProgress, cin_census_import
from casemap.returns.models import ImportStatus

PROGRESS_EVERY = 100


class Command(BaseCommand):
    help = "Import a Children in Need census (XML) made by another system."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The census file (XML)")
        parser.add_argument("--user", required=True, help="The data officer the import is logged against")
        parser.add_argument("--team", required=True, help="The team the imported cases go to: its name or number")
        parser.add_argument("--dry-run", action="store_true", help="Do everything, then undo it: nothing is kept")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None or user.role != Role.DATA_OFFICER:
            raise CommandError("--user must be the username of an active data officer.")
        team = _team(options["team"])
        dry_run: bool = options["dry_run"]
        record = cin_census_import(
            acting_user=user, path=path, team=team, dry_run=dry_run, filename=path.name, on_progress=self._progress
        )
        if record.status == ImportStatus.REFUSED:
            for problem in record.rejections:
                self.stdout.write(f"  {ImportProblem(**problem)}")
            raise CommandError("The file was refused: nothing was imported.")
        would = "would be " if dry_run else ""
        self.stdout.write(
            f"{'Dry run: ' if dry_run else ''}{record.children_read} children read from the census for the year ending"
            f" 31 March {record.year}: {record.imported} {would}imported ({record.created} new, {record.updated} "
            f"updated), {record.unchanged} unchanged, {record.rejected} rejected. Import {record.reference}."
        )
        notes = [ImportProblem(**problem) for problem in record.notes]
        if notes:
            self.stdout.write(f"{len(notes)} notes on what was left out or is to be checked:")
            for note in notes:
                self.stdout.write(f"  {note}")
        if record.rejections:
            self.stdout.write("Rejected, and not imported at all:")
            for problem in record.rejections:
                self.stdout.write(f"  {ImportProblem(**problem)}")
            raise CommandError(f"{record.rejected} children were rejected: correct them and import the file again.")

    def _progress(self, progress: ImportProgress) -> None:
        if progress.done % PROGRESS_EVERY and progress.done != progress.total:
            return
        self.stdout.write(
            f"{progress.done} of {progress.total} children read: {progress.created + progress.updated} imported, "
            f"{progress.unchanged} unchanged, {progress.rejected} rejected"
        )


def _team(name_or_number: str) -> Team:
    team = Team.objects.filter(name=name_or_number).first()
    if team is None and name_or_number.isdigit():
        team = Team.objects.filter(pk=int(name_or_number)).first()
    if team is None:
        names = ", ".join(Team.objects.order_by("name").values_list("name", flat=True)[:20])
        raise CommandError(f"--team must be a team's name or number. The teams are: {names}.")
    return team

"""What the import commands share: the data officer and team they are given, the progress they show, and the
report at the end. The terminal shows counts, and each rejection by the child's identifier in the file and the
field, never a child's details."""

from django.core.management.base import CommandError, CommandParser

from casemap.accounts.models import Team
from casemap.returns.cin_import.problems import ImportProblem
from casemap.returns.imports import ImportProgress
from casemap.returns.management.returns_command import ReturnsCommand
from casemap.returns.models import ImportStatus, ReturnImport

PROGRESS_EVERY = 100


class ImportCommand(ReturnsCommand):
    what = "the return"  # what the file is, in the report: "the census", "the SSDA903 return"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="The data officer the import is logged against")
        parser.add_argument("--team", required=True, help="The team the imported cases go to: its name or number")
        parser.add_argument("--dry-run", action="store_true", help="Do everything, then undo it: nothing is kept")

    def team(self, name_or_number: str) -> Team:
        team = Team.objects.filter(name=name_or_number).first()
        if team is None and name_or_number.isdigit():
            team = Team.objects.filter(pk=int(name_or_number)).first()
        if team is None:
            names = ", ".join(Team.objects.order_by("name").values_list("name", flat=True)[:20])
            raise CommandError(f"--team must be a team's name or number. The teams are: {names}.")
        return team

    def report(self, record: ReturnImport) -> None:
        """Counts, notes and rejections; exits non-zero when the file or any child was refused."""
        if record.status == ImportStatus.REFUSED:
            for problem in record.rejections:
                self.stdout.write(f"  {ImportProblem(**problem)}")
            raise CommandError("The file was refused: nothing was imported.")
        would = "would be " if record.dry_run else ""
        self.stdout.write(
            f"{'Dry run: ' if record.dry_run else ''}{record.children_read} children read from {self.what} for the "
            f"year ending 31 March {record.year}: {record.imported} {would}imported ({record.created} new, "
            f"{record.updated} updated), {record.unchanged} unchanged, {record.rejected} rejected. Import "
            f"{record.reference}."
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

    def progress(self, progress: ImportProgress) -> None:
        if progress.done % PROGRESS_EVERY and progress.done != progress.total:
            return
        self.stdout.write(
            f"{progress.done} of {progress.total} children read: {progress.created + progress.updated} imported, "
            f"{progress.unchanged} unchanged, {progress.rejected} rejected"
        )

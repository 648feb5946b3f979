"""manage.py import_ssda903 DIR --user USERNAME --team TEAM [--year 2026] [--dry-run]

Brings an SSDA903 return made by another system into Casemap (docs/returns-imports.md): DIR is the folder of CSV
files, one a table (or a ZIP of them). Each child is found by their identifier or recorded anew, with their periods
of care and episodes, reviews, missing episodes, unaccompanied status, adoption, previous permanence and the year's
outcomes, through the same services as the pages, logged against USERNAME (a data officer). A child with no case in
Casemap gets one held by TEAM (its name or number), unallocated for its manager. The year is the one given, or the
one the return's latest date falls in. With --dry-run everything is done and then undone. It exits non-zero when
the return or any child was refused.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from casemap.returns.management.importing import ImportCommand
from casemap.returns.ssda903_import.services import ssda903_import


class Command(ImportCommand):
    help = "Import an SSDA903 return (a folder of CSV files, or a ZIP of them) made by another system."
    what = "the SSDA903 return"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="The return: a folder of CSV files, one a table, or a ZIP")
        parser.add_argument("--year", type=int, default=None, help="The collection year, ending 31 March")
        super().add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["folder"]
        if not path.exists():
            raise CommandError(f"There is no folder or file {path}.")
        user = self.data_officer(options["user"])
        record = ssda903_import(
            acting_user=user,
            path=path,
            team=self.team(options["team"]),
            year=options["year"],
            dry_run=options["dry_run"],
            filename=path.name,
            on_progress=self.progress,
        )
        self.report(record)

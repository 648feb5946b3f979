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

from django.core.management.base import CommandError, CommandParser

from casemap.returns.cin_import.services import cin_census_import
from casemap.returns.management.importing import ImportCommand


class Command(ImportCommand):
    help = "Import a Children in Need census (XML) made by another system."
    what = "the census"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The census file (XML)")
        super().add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        user = self.data_officer(options["user"])
        record = cin_census_import(
            acting_user=user,
            path=path,
            team=self.team(options["team"]),
            dry_run=options["dry_run"],
            filename=path.name,
            on_progress=self.progress,
        )
        self.report(record)

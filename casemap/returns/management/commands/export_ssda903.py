"""manage.py export_ssda903 --year 2026 --output DIR --user USERNAME [--validate]

Writes the SSDA903 return (children looked after) for the collection year ending 31 March YEAR into the folder DIR,
one CSV file a table. Every child in it is logged as exported by USERNAME, who must be a data officer. With
--validate, the DfE's rules are run on the files and the rules they break are counted (codes and messages only: no
child is named on the terminal), and the rules that could not be run here are named.
"""

import collections
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError, CommandParser

from casemap.returns.management.returns_command import ReturnsCommand
from casemap.returns.ssda903.export import ssda903_export
from casemap.returns.validation import ValidatorUnavailable, ssda903_validate

EARLIEST_YEAR = 2024


class Command(ReturnsCommand):
    help = "Export the SSDA903 return (a folder of CSV files) for the collection year ending 31 March --year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The collection year, ending 31 March")
        parser.add_argument("--output", type=Path, required=True, help="The folder to make for the CSV files")
        parser.add_argument("--user", required=True, help="The data officer the export is logged against")
        parser.add_argument("--validate", action="store_true", help="Run the DfE's rules on the files")

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        output: Path = options["output"]
        self.collection_year(year, earliest=EARLIEST_YEAR)
        user = self.data_officer(options["user"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        if output.exists():
            raise CommandError(f"{output} already exists: name a new folder for the return.")
        # Written into a folder beside the target and renamed into place, so a failed export leaves nothing behind.
        partial = Path(tempfile.mkdtemp(dir=output.parent, prefix=f".{output.name}.", suffix=".partial"))
        try:
            exported = ssda903_export(acting_user=user, year=year, folder=partial, on_progress=self._show_progress)
            partial.rename(output)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        finally:
            shutil.rmtree(partial, ignore_errors=True)
        self.stdout.write(f"Exported {exported.children} children to {output}.")
        if options["validate"]:
            self._validate(output, year)

    def _show_progress(self, done: int, total: int) -> None:
        self.stderr.write(f"  {done:,} of {total:,} children written")

    def _validate(self, folder: Path, year: int) -> None:
        try:
            validation = ssda903_validate(folder, year=year, la_code=settings.LA_CODE)
        except ValidatorUnavailable as error:
            raise CommandError(str(error)) from error
        counts = collections.Counter((failure.type, failure.code, failure.message) for failure in validation.failures)
        self.stdout.write(
            f"{len(validation.errors)} errors and {len(validation.queries)} queries under {validation.ruleset}."
        )
        for (kind, code, message), count in sorted(counts.items()):
            self.stdout.write(f"  {kind} {code} ({count}): {message}")
        if validation.not_run:
            self.stdout.write(f"{len(validation.not_run)} rules could not be run here:")
            for rule in validation.not_run:
                self.stdout.write(f"  {rule.code} needs {' and '.join(rule.needs)}: {rule.message}")
        if validation.errors:
            raise CommandError("The files break the DfE's rules: fix the records and export again.")

"""manage.py export_cin_census --year 2026 --output FILE.xml --user USERNAME [--validate]

Writes the Children in Need census for the collection year ending 31 March YEAR. Every child in it is logged as
exported by USERNAME, who must be a data officer. With --validate, the DfE's rules are run on the file and the
rules it breaks are counted (codes and messages only: no child is named on the terminal).
"""

import collections
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError, CommandParser

from casemap.returns.cin_census.export import cin_census_export
from casemap.returns.management.returns_command import ReturnsCommand
from casemap.returns.validation import ValidatorUnavailable, cin_census_validate

EARLIEST_YEAR = 2023


class Command(ReturnsCommand):
    help = "Export the Children in Need census (XML) for the collection year ending 31 March --year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The collection year, ending 31 March")
        parser.add_argument("--output", type=Path, required=True, help="Where to write the XML file")
        parser.add_argument("--user", required=True, help="The data officer the export is logged against")
        parser.add_argument("--validate", action="store_true", help="Run the DfE's rules on the file")

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        output: Path = options["output"]
        self.collection_year(year, earliest=EARLIEST_YEAR)
        user = self.data_officer(options["user"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        # Written beside the target and moved into place, so a failed export leaves no half-written file.
        with tempfile.NamedTemporaryFile(dir=output.parent, suffix=".partial", delete=False) as partial:
            try:
                exported = cin_census_export(
                    acting_user=user,
                    year=year,
                    output=partial,  # type: ignore[arg-type]
                    on_progress=self._show_progress,
                )
            except ImproperlyConfigured as error:
                Path(partial.name).unlink()
                raise CommandError(str(error)) from error
            except BaseException:
                Path(partial.name).unlink()
                raise
        Path(partial.name).replace(output)
        self.stdout.write(f"Exported {exported.children} children to {output}.")
        if options["validate"]:
            self._validate(output, year)

    def _show_progress(self, done: int, total: int) -> None:
        self.stderr.write(f"  {done:,} of {total:,} children written", ending="\n")

    def _validate(self, path: Path, year: int) -> None:
        try:
            validation = cin_census_validate(path, year=year)
        except ValidatorUnavailable as error:
            raise CommandError(str(error)) from error
        counts = collections.Counter((failure.type, failure.code, failure.message) for failure in validation.failures)
        self.stdout.write(
            f"{len(validation.errors)} errors and {len(validation.queries)} queries under {validation.ruleset}."
        )
        for (kind, code, message), count in sorted(counts.items()):
            self.stdout.write(f"  {kind} {code} ({count}): {message}")
        if validation.errors:
            raise CommandError("The file breaks the DfE's rules: fix the records and export again.")

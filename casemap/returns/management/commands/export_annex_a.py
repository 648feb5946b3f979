"""manage.py export_annex_a --output FILE.xlsx --user USERNAME [--start YYYY-MM-DD --end YYYY-MM-DD]

Writes Ofsted's Annex A lists for the period (by default the six months to today). Every child in them is logged as
exported by USERNAME, who must be a data officer. Only the rows in each list are counted on the terminal: no child is
named.
"""

import datetime
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from casemap.returns.annex_a.export import annex_a_export
from casemap.returns.annex_a.period import AnnexPeriod, default_period, period_problems
from casemap.returns.management.returns_command import ReturnsCommand


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a date written YYYY-MM-DD, like 2026-03-31.") from error


class Command(ReturnsCommand):
    help = "Export Ofsted's Annex A lists (an .xlsx workbook) for a period, by default the six months to today."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, required=True, help="Where to write the .xlsx file")
        parser.add_argument("--user", required=True, help="The data officer the export is logged against")
        parser.add_argument("--start", help="The period's first day, YYYY-MM-DD (default: six months before --end)")
        parser.add_argument("--end", help="The period's last day, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        period = self._period(options["start"], options["end"])
        user = self.data_officer(options["user"])
        if output.suffix != ".xlsx":
            raise CommandError("--output must be an .xlsx file.")
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        # Written beside the target and moved into place, so a failed export leaves no half-written file.
        with tempfile.NamedTemporaryFile(dir=output.parent, suffix=".partial", delete=False) as partial:
            try:
                exported = annex_a_export(acting_user=user, period=period, output=partial)  # type: ignore[arg-type]
            except BaseException:
                Path(partial.name).unlink()
                raise
        Path(partial.name).replace(output)
        self.stdout.write(f"Exported {exported.children} children for {period.label} to {output}.")
        for written in exported.lists:
            self.stdout.write(f"  {written.sheet_name} ({written.title}): {written.rows} rows")

    def _period(self, start_text: str | None, end_text: str | None) -> AnnexPeriod:
        today = timezone.localdate()
        end = _day(end_text) if end_text else today
        start = _day(start_text) if start_text else default_period(end).start
        problems = period_problems(start, end, today=today)
        if problems:
            raise CommandError(" ".join(f"{message}." for message in problems.values()))
        return AnnexPeriod(start=start, end=end)

"""Check the access log's hash chain: exits 0 when intact, 1 with the first broken entry when not."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casemap.access.services import access_log_verify_chain


def _entry_and_hash(option: str, value: str | None) -> tuple[int, str] | None:
    if value is None:
        return None
    entry_id, _, entry_hash = value.partition(":")
    if not entry_id.isdigit() or len(entry_hash) != 64:
        raise CommandError(f"{option} takes ID:HASH, as printed by an earlier check.")
    return int(entry_id), entry_hash


class Command(BaseCommand):
    help = (
        "Check that every access-log entry follows from the one before it and matches its own hash, "
        "under the key it names. Prints the first broken entry and exits 1 if not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-entry",
            metavar="ID:HASH",
            help="an entry printed by an earlier check, which must still be there with the same hash "
            "(the chain alone cannot show entries removed from its end)",
        )
        parser.add_argument(
            "--start-after",
            metavar="ID:HASH",
            help="check only the entries after this one, whose hash the next entry must name: for use after a "
            "break has been investigated and recorded as an incident (docs/access-log.md)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check = access_log_verify_chain(
            expect_entry=_entry_and_hash("--expect-entry", options["expect_entry"]),
            start_after=_entry_and_hash("--start-after", options["start_after"]),
        )
        if not check.intact:
            raise CommandError(
                f"Access log chain broken at entry {check.broken_id}: {check.reason}. "
                + (
                    "1 entry before it is intact."
                    if check.entries == 1
                    else f"{check.entries} entries before it are intact."
                )
            )
        after = f" after entry {options['start_after'].partition(':')[0]}" if options["start_after"] else ""
        self.stdout.write(f"Access log chain intact: {check.entries} entries{after}")
        if check.last_id is not None:
            self.stdout.write(f"Last entry {check.last_id}:{check.last_hash} (keep it for --expect-entry next time)")

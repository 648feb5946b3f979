"""What every returns command checks first: the data officer it is run as, and the collection year asked for."""

from django.core.management.base import BaseCommand, CommandError

from casemap.accounts.models import Role, User

LATEST_YEAR = 2100


class ReturnsCommand(BaseCommand):
    def data_officer(self, username: str) -> User:
        """Every export and import is logged against someone: an active data officer."""
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None or user.role != Role.DATA_OFFICER:
            raise CommandError("--user must be the username of an active data officer.")
        return user

    def collection_year(self, year: int, *, earliest: int) -> int:
        if year < earliest or year > LATEST_YEAR:
            raise CommandError(f"--year must be a collection year from {earliest}, like 2026.")
        return year

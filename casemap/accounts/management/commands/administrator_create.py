from django.core.management.base import BaseCommand, CommandParser

from casemap.accounts.services import administrator_bootstrap


class Command(BaseCommand):
    help = (
        "Make a staff account an administrator, creating it if needed (use this, not createsuperuser: "
        "administrators are never superusers). Then set its password with changepassword."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: object, **options: object) -> None:
        administrator_bootstrap(username=str(options["username"]))
        self.stdout.write("Done. Set the account's password with: manage.py changepassword <username>")

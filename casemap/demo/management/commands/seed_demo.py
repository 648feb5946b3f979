from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from casemap.accounts.demo import DEMO_PASSWORD, PERSONAS, demo_personas_create
from casemap.demo.authority import demo_authority_create


class Command(BaseCommand):
    help = "Create the demo authority: teams, a sign-in for each role and about 200 made-up children."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--children", type=int, default=200)
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo sign-ins")

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEMO_MODE and not settings.DEBUG:
            raise CommandError("Demo data can only be loaded in demo mode (CASEMAP_DEMO_MODE=true).")
        users = demo_personas_create()
        children = demo_authority_create(users, children_wanted=int(options["children"]))  # type: ignore[call-overload]
        self.stdout.write(f"Demo authority ready: {children} children.")
        if not options["quiet_logins"]:
            self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
            for persona in PERSONAS:
                team = f", {persona.team}" if persona.team else ""
                self.stdout.write(f"  {persona.username:<8} {persona.job_title}{team}")

"""Daily: put on the workers' lists everyone recent conferences, closures and care reviews say should be asked for
feedback (casemap/feedback/due.py). Prints only a count."""

from django.core.management.base import BaseCommand

from casemap.feedback.due import invitations_due_refresh


class Command(BaseCommand):
    help = "Put everyone recent events say should be asked for feedback on their worker's list"

    def handle(self, *args: object, **options: object) -> None:
        added = invitations_due_refresh()
        self.stdout.write(f"{added} people added to the lists of who to ask for feedback")

"""Make the counts the feedback and audit results read again from the answers and completed audits
(`casemap.feedback.counts`, `casemap.quality.counts`): after rows were loaded or changed outside the services.
Prints only totals."""

from django.core.management.base import BaseCommand
from django.db.models import Sum

from casemap.feedback import counts as feedback_counts
from casemap.feedback.models import ResponseCount
from casemap.quality import counts as audit_counts
from casemap.quality.models import AuditCount


class Command(BaseCommand):
    help = "Count the feedback responses and completed audits again for the results pages"

    def handle(self, *args: object, **options: object) -> None:
        feedback_counts.recount()
        audit_counts.recount()
        responses = ResponseCount.objects.aggregate(n=Sum("n"))["n"] or 0
        audits = AuditCount.objects.aggregate(n=Sum("n"))["n"] or 0
        self.stdout.write(f"Feedback responses counted: {responses}. Completed audits counted: {audits}.")

"""Work the audit pages hand to the background worker (`manage.py db_worker`)."""

from django.utils import timezone
from django_tasks import task

from casemap.quality.practice_by_team import count_practice


@task()
def recount_practice_task() -> None:
    """Count the practice panel by team again, for the practice page (`practice_by_team.current_practice`)."""
    count_practice(now=timezone.now())

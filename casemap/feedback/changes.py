"""'You said, we did': the changes made because of what people said, each under the theme it answers, with the
count of answers on that theme that were not a plain yes (suppressed like every other count)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet, Sum
from django.utils import timezone

from casemap.access.guard import REFUSED_MESSAGE
from casemap.accounts.models import Role, Service, User
from casemap.feedback.models import Agreement, AnswerCount, ChangeMade, QuestionKind, Theme
from casemap.feedback.suppression import Cell, suppress_counts

RECORDERS = {Role.PRACTICE_LEAD, Role.TEAM_MANAGER, Role.SERVICE_MANAGER}


def change_record(
    *,
    acting_user: User,
    theme: str,
    service: str,
    you_said: str,
    we_did: str,
    made_on: datetime.date,
    published: bool,
) -> ChangeMade:
    if acting_user.role not in RECORDERS:
        raise PermissionDenied(REFUSED_MESSAGE)
    errors = {}
    if theme not in Theme.values:
        errors["theme"] = "Choose the theme the change answers"
    if service and service not in Service.values:
        errors["service"] = "Choose a service, or every service"
    if not you_said.strip():
        errors["you_said"] = "Say what people said"
    if not we_did.strip():
        errors["we_did"] = "Say what was done"
    if made_on > timezone.localdate():
        errors["made_on"] = "The date must be today or in the past"
    if errors:
        raise ValidationError(errors)
    return ChangeMade.objects.create(
        theme=theme, service=service, you_said=you_said.strip(), we_did=we_did.strip(), made_on=made_on,
        published=published, recorded_by=acting_user,
    )  # fmt: skip


def changes_made(*, published_only: bool = False) -> QuerySet[ChangeMade]:
    found = ChangeMade.objects.select_related("recorded_by").order_by("-made_on", "-pk")
    return found.filter(published=True) if published_only else found


def not_a_plain_yes_by_theme(today: datetime.date) -> tuple[dict[str, Cell], Cell]:
    """Answers of "partly" or "no" in the last year, by the theme of their question, suppressed: from the services'
    kept counts (`casemap.feedback.counts`), which together hold every answer once."""
    since = today.replace(day=1) - datetime.timedelta(days=365)
    rows = (
        AnswerCount.objects.filter(
            team__isnull=True,
            question__kind=QuestionKind.AGREE,
            answer__in=[Agreement.PARTLY, Agreement.NO],
            month__gte=since,
        )
        .values_list("question__theme")
        .annotate(n=Sum("n"))
        .order_by()
    )
    counts = dict.fromkeys([label for _, label in Theme.choices], 0)
    for theme, n in rows:
        counts[Theme(theme).label] += n
    return suppress_counts(counts)

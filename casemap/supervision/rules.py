"""The frequency rules an authority starts with, as the migration writes them: for a database emptied since it
migrated (a browser test's flush), and for the benchmark's generator."""

from casemap.supervision.models import (
    CaseDiscussionRule,
    OversightEvent,
    OversightPoint,
    ScheduleStep,
    SupervisionSchedule,
)

DAY_15 = "Day 15 of an assessment"
STANDARD = "Every 28 days"
NEWLY_QUALIFIED = "Newly qualified: weekly for 6 weeks, fortnightly to 6 months, then every 28 days"


def default_rules_ensure() -> None:
    standard, _ = SupervisionSchedule.objects.get_or_create(name=STANDARD, defaults={"is_default": True})
    if not standard.steps.exists():
        ScheduleStep.objects.create(schedule=standard, until_day=None, interval_days=28)
    newly, _ = SupervisionSchedule.objects.get_or_create(name=NEWLY_QUALIFIED)
    if not newly.steps.exists():
        ScheduleStep.objects.create(schedule=newly, until_day=42, interval_days=7)
        ScheduleStep.objects.create(schedule=newly, until_day=182, interval_days=14)
        ScheduleStep.objects.create(schedule=newly, until_day=None, interval_days=28)
    CaseDiscussionRule.objects.get_or_create(service="child_protection", defaults={"interval_days": 28})
    OversightPoint.objects.get_or_create(
        name=DAY_15, defaults={"event": OversightEvent.ASSESSMENT_STARTED, "by_day": 15}
    )

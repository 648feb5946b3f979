"""The frequency rules an authority starts with: every 28 days; newly qualified workers weekly for 6 weeks,
fortnightly to 6 months, then monthly; every open child protection case discussed every 28 days. Data, changed in
the admin."""

from django.db import migrations

STANDARD = "Every 28 days"
NEWLY_QUALIFIED = "Newly qualified: weekly for 6 weeks, fortnightly to 6 months, then every 28 days"


def add_rules(apps, schema_editor):  # type: ignore[no-untyped-def]
    schedule_model = apps.get_model("supervision", "SupervisionSchedule")
    step_model = apps.get_model("supervision", "ScheduleStep")
    rule_model = apps.get_model("supervision", "CaseDiscussionRule")
    standard, _ = schedule_model.objects.get_or_create(name=STANDARD, defaults={"is_default": True})
    if not standard.steps.exists():
        step_model.objects.create(schedule=standard, until_day=None, interval_days=28)
    newly, _ = schedule_model.objects.get_or_create(name=NEWLY_QUALIFIED)
    if not newly.steps.exists():
        step_model.objects.create(schedule=newly, until_day=42, interval_days=7)
        step_model.objects.create(schedule=newly, until_day=182, interval_days=14)
        step_model.objects.create(schedule=newly, until_day=None, interval_days=28)
    rule_model.objects.get_or_create(service="child_protection", defaults={"interval_days": 28})


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_supervision_records")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]

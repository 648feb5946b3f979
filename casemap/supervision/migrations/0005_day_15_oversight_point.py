"""The required oversight point an authority starts with: a manager's oversight decision by day 15 of an
assessment. Data, changed in the admin."""

from django.db import migrations


def add_point(apps, schema_editor):  # type: ignore[no-untyped-def]
    point_model = apps.get_model("supervision", "OversightPoint")
    point_model.objects.get_or_create(
        name="Day 15 of an assessment", defaults={"event": "assessment_started", "by_day": 15}
    )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0004_management_oversight")]

    operations = [migrations.RunPython(add_point, migrations.RunPython.noop)]

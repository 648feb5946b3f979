"""The three framework variants Casemap ships with. Administrators can change their words and scales."""

from django.db import migrations

VARIANTS = [
    {
        "key": "signs-of-safety",
        "name": "Signs of Safety",
        "harm_label": "Harm",
        "danger_statement_label": "Danger statement",
        "danger_statements_label": "Danger statements",
        "safety_goal_label": "Safety goal",
        "safety_goals_label": "Safety goals",
        "scale_question": (
            "On a scale of 0 to 10, where 10 means everyone knows the children are safe enough for us to close "
            "the case, and 0 means things are so bad the children cannot live at home, where are things today?"
        ),
        "scale_zero_anchor": "Things are so bad the children cannot live at home",
        "scale_ten_anchor": "Everyone knows the children are safe enough for the case to close",
        "ten_is_best": True,
        "default_services": ["referral", "child_in_need", "child_protection"],
    },
    {
        "key": "signs-of-wellbeing",
        "name": "Signs of Wellbeing",
        "harm_label": "Unmet need or reported harm",
        "danger_statement_label": "Worry statement",
        "danger_statements_label": "Worry statements",
        "safety_goal_label": "Wellbeing goal",
        "safety_goals_label": "Wellbeing goals",
        "scale_question": (
            "On a scale of 0 to 10, where 10 means everyone is confident the children are doing well enough for "
            "us to stop working with the family, and 0 means a referral to children's social care is needed, "
            "where are things today?"
        ),
        "scale_zero_anchor": "A referral to children's social care is needed",
        "scale_ten_anchor": "Everyone is confident the children are doing well enough for us to stop",
        "ten_is_best": True,
        "default_services": ["early_help"],
    },
    {
        "key": "signs-of-success",
        "name": "Signs of Success",
        "harm_label": "Unmet need or reported harm",
        "danger_statement_label": "Worry statement",
        "danger_statements_label": "Worry statements",
        "safety_goal_label": "Success goal",
        "safety_goals_label": "Success goals",
        "scale_question": (
            "On a scale of 0 to 10, where 10 means your life is on track to where you want it to go, and 0 means "
            "your life is a complete mess, where are you today?"
        ),
        "scale_zero_anchor": "My life's a complete mess",
        "scale_ten_anchor": "My life is on track to where I want it to go",
        "ten_is_best": True,
        "default_services": ["youth_justice", "child_in_care", "care_leaver"],
    },
]


def add_variants(apps, schema_editor):
    FrameworkVariant = apps.get_model("mapping", "FrameworkVariant")
    for variant in VARIANTS:
        FrameworkVariant.objects.update_or_create(key=variant["key"], defaults=variant)


def remove_variants(apps, schema_editor):
    apps.get_model("mapping", "FrameworkVariant").objects.filter(key__in=[v["key"] for v in VARIANTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("mapping", "0001_initial")]

    operations = [migrations.RunPython(add_variants, remove_variants)]

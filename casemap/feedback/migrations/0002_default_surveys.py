from django.db import migrations


def install(apps, schema_editor):
    from casemap.feedback.question_bank import install_default_surveys

    install_default_surveys(
        apps.get_model("feedback", "Survey"),
        apps.get_model("feedback", "SurveyVersion"),
        apps.get_model("feedback", "Question"),
    )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]

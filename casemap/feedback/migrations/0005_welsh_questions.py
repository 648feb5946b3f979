from django.db import migrations


def install(apps, schema_editor):
    from casemap.feedback.question_bank import install_default_translations

    install_default_translations(apps.get_model("feedback", "SurveyVersion"), apps.get_model("feedback", "Question"))


class Migration(migrations.Migration):
    dependencies = [("feedback", "0004_default_invitation_rules")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]

from django.db import migrations


def install(apps, schema_editor):
    from casemap.feedback.question_bank import install_default_rules

    install_default_rules(apps.get_model("feedback", "InvitationRule"), apps.get_model("feedback", "Survey"))


class Migration(migrations.Migration):
    dependencies = [("feedback", "0003_invitation_rules_translations_changes")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]

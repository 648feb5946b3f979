from django.db import migrations


def install(apps, schema_editor):
    from casemap.quality.default_tools import install_default_tools

    install_default_tools(
        apps.get_model("quality", "AuditTool"),
        apps.get_model("quality", "AuditToolVersion"),
        apps.get_model("quality", "AuditCriterion"),
    )


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]

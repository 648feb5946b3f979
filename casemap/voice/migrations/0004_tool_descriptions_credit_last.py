"""The tool descriptions began with a bare author's name ("Weld and Greening."), read as a stray sentence
under the title. The description now says what the tool is first and who devised it last. A description an
administrator has changed is left as it is."""

from django.db import migrations

CHANGES = {
    "three-houses": (
        "Weld and Greening. The child draws or tells what worries them, what is good, and what their life "
        "would be like if their worries were gone. Children may rename the houses.",
        "The child draws or tells what worries them, what is good, and what their life would be like if their "
        "worries were gone. Children may rename the houses. Devised by Nicki Weld and Maggie Greening.",
    ),
    "safety-house": (
        "Parker. For safety planning with the child: who lives in and visits their safe house, its rules, "
        "who stays outside, and where the child places themself on the path to the house.",
        "For safety planning with the child: who lives in and visits their safe house, its rules, who stays "
        "outside, and where the child places themself on the path to the house. Devised by Sonja Parker.",
    ),
}


def credit_last(apps, schema_editor):
    VoiceTool = apps.get_model("voice", "VoiceTool")
    for key, (old, new) in CHANGES.items():
        VoiceTool.objects.filter(key=key, description=old).update(description=new)


def credit_first(apps, schema_editor):
    VoiceTool = apps.get_model("voice", "VoiceTool")
    for key, (old, new) in CHANGES.items():
        VoiceTool.objects.filter(key=key, description=new).update(description=old)


class Migration(migrations.Migration):
    dependencies = [("voice", "0003_child_drawings")]

    operations = [migrations.RunPython(credit_last, credit_first)]

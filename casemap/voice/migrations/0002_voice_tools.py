"""The direct work tools Casemap ships with. Administrators can change their words or add others."""

from django.db import migrations

TOOLS = [
    {
        "key": "three-houses",
        "name": "Three Houses",
        "description": (
            "Weld and Greening. The child draws or tells what worries them, what is good, and what their life "
            "would be like if their worries were gone. Children may rename the houses."
        ),
        "parts": [
            {
                "key": "worries",
                "default_label": "House of Worries",
                "prompt": "What are the things that worry you, or that you don't like?",
            },
            {
                "key": "good-things",
                "default_label": "House of Good Things",
                "prompt": "What are the good things in your life, the things you like?",
            },
            {
                "key": "dreams",
                "default_label": "House of Dreams",
                "prompt": "If all the worries were gone, what would your life be like?",
            },
        ],
    },
    {
        "key": "fairy",
        "name": "Fairy",
        "description": "The same three questions for younger children, through a fairy with a magic wand.",
        "parts": [
            {
                "key": "worries",
                "default_label": "The fairy's worries",
                "prompt": "What would the fairy want to take away with her wand?",
            },
            {
                "key": "good-things",
                "default_label": "The fairy's good things",
                "prompt": "What would the fairy see that makes you happy?",
            },
            {
                "key": "dreams",
                "default_label": "The fairy's wish",
                "prompt": "If the fairy could make your wishes come true, what would happen?",
            },
        ],
    },
    {
        "key": "wizard",
        "name": "Wizard",
        "description": "The same three questions for younger children, through a wizard with magic glasses.",
        "parts": [
            {
                "key": "worries",
                "default_label": "What the wizard sees that worries",
                "prompt": "Through his magic glasses, what does the wizard see that worries you?",
            },
            {
                "key": "good-things",
                "default_label": "What the wizard sees that is good",
                "prompt": "What does the wizard see that is good at home?",
            },
            {
                "key": "dreams",
                "default_label": "The wizard's magic",
                "prompt": "If the wizard could use his magic, what would he change?",
            },
        ],
    },
    {
        "key": "safety-house",
        "name": "Safety House",
        "description": (
            "Parker. For safety planning with the child: who lives in and visits their safe house, its rules, "
            "who stays outside, and where the child places themself on the path to the house."
        ),
        "parts": [
            {
                "key": "live-in",
                "default_label": "People who live in the house",
                "prompt": "Who lives in your safety house with you?",
            },
            {
                "key": "visit",
                "default_label": "People who visit",
                "prompt": "Who comes to visit you in your safety house?",
            },
            {
                "key": "rules",
                "default_label": "The rules of the house",
                "prompt": "What are the rules everyone follows so you feel safe in your house?",
            },
            {
                "key": "outside",
                "default_label": "People outside the house",
                "prompt": "Is there anyone you don't feel safe with, who stays outside the house?",
            },
            {
                "key": "path",
                "default_label": "Where I am on the path",
                "prompt": (
                    "The path goes from 0, far from the house, to 10, at the door. Where are you on the path? "
                    "What would help you get closer?"
                ),
                "scale": True,
            },
        ],
    },
]


def add_tools(apps, schema_editor):
    VoiceTool = apps.get_model("voice", "VoiceTool")
    for position, tool in enumerate(TOOLS):
        VoiceTool.objects.update_or_create(key=tool["key"], defaults={**tool, "position": position})


def remove_tools(apps, schema_editor):
    apps.get_model("voice", "VoiceTool").objects.filter(key__in=[tool["key"] for tool in TOOLS]).delete()


class Migration(migrations.Migration):
    dependencies = [("voice", "0001_initial")]

    operations = [migrations.RunPython(add_tools, remove_tools)]

"""Items added from a child's own words once stored who said them as "said by Alkira, 7, in her Three Houses …";
the map now labels the field "Said or seen by:", so the stored words drop the "said by" it already says.

Signed maps keep their snapshot as signed; the reader (`casemap.mapping.snapshot.map_data`) reads it the same way."""

from django.db import migrations

LABEL = "said by "


def said_by_without_its_label(apps, schema_editor):
    MapItem = apps.get_model("mapping", "MapItem")
    for item in MapItem.objects.filter(said_by__istartswith=LABEL).only("pk", "said_by"):
        item.said_by = item.said_by[len(LABEL) :]
        item.save(update_fields=["said_by"])


class Migration(migrations.Migration):
    dependencies = [("mapping", "0004_statements_in_the_familys_words")]

    # Nothing to put back: the words "said by" are the label's, not the record's.
    operations = [migrations.RunPython(said_by_without_its_label, migrations.RunPython.noop)]

"""Load the 98 municipalities and 5 regions from indicators/data/kommuner.csv."""

from django.db import migrations


def load(apps, schema_editor):
    from indicators.geography import load_geography

    load_geography(apps.get_model("indicators", "Region"), apps.get_model("indicators", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

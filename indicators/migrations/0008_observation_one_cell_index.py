"""One index for observations: the unique cell constraint becomes (measure, period,
municipality), which also serves every read by measure and period range, so the separate
(measure, period) index goes. Loads then build or maintain two indexes (primary key and cell)
instead of three (docs/indicators-import.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0007_peers_smallint_array"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="observation",
            name="observation_unique_cell",
        ),
        migrations.AddConstraint(
            model_name="observation",
            constraint=models.UniqueConstraint(
                fields=("measure", "period", "municipality"), name="observation_unique_cell"
            ),
        ),
        migrations.RemoveIndex(
            model_name="observation",
            name="observation_measure_period",
        ),
    ]

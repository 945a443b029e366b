"""The old evaluation tables are empty of meaning after 0005 moved their rows: drop them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("benchmarks", "0005_evaluation_data"),
    ]

    operations = [
        migrations.DeleteModel(name="LegacyEvaluationScore"),
        migrations.DeleteModel(name="LegacyEvaluationRound"),
        migrations.DeleteModel(name="LegacyEvaluationArea"),
    ]

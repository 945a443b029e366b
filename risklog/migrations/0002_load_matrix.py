"""Load the 5 x 5 risk matrix from risklog/fixtures/risk_matrix.json."""

from django.db import migrations


def load(apps, schema_editor):
    from risklog.matrix import load_matrix

    load_matrix(
        apps.get_model("risklog", "RiskLevel"),
        apps.get_model("risklog", "ScaleStep"),
        apps.get_model("risklog", "MatrixCell"),
    )


class Migration(migrations.Migration):
    dependencies = [("risklog", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""Evaluation rounds get frameworks, sites and numbered rounds (issue 20): the old three tables
are kept under Legacy* names until 0005 has moved their rows into the new models."""

from django.db import migrations

LEGACY_TABLES = (
    "benchmarks_legacyevaluationscore",
    "benchmarks_legacyevaluationround",
    "benchmarks_legacyevaluationarea",
)


def rename_legacy_indexes(apps, schema_editor):
    """A renamed table keeps its index names, which 0004's new tables of the same old names
    would generate again: give the legacy ones a prefix (constraints backed by them follow)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.relname FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relname = ANY(%s)
            """,
            [list(LEGACY_TABLES)],
        )
        for (name,) in cursor.fetchall():
            new = ("legacy_" + name)[:63]
            cursor.execute(f'ALTER INDEX "{name}" RENAME TO "{new}"')


class Migration(migrations.Migration):
    dependencies = [
        ("benchmarks", "0002_reports"),
    ]

    operations = [
        migrations.DeleteModel(name="HistoricalEvaluationScore"),
        migrations.DeleteModel(name="HistoricalEvaluationRound"),
        migrations.DeleteModel(name="HistoricalEvaluationArea"),
        migrations.RenameModel(old_name="EvaluationScore", new_name="LegacyEvaluationScore"),
        migrations.RenameModel(old_name="EvaluationRound", new_name="LegacyEvaluationRound"),
        migrations.RenameModel(old_name="EvaluationArea", new_name="LegacyEvaluationArea"),
        migrations.RunPython(rename_legacy_indexes, migrations.RunPython.noop),
    ]

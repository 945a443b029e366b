"""IndicatorValue.peers: jsonb -> smallint[] on PostgreSQL (SQLite keeps its JSON text)."""

from django.db import migrations

import indicators.fields

FORWARD = """
ALTER TABLE indicators_indicatorvalue ADD COLUMN peers_codes smallint[];
UPDATE indicators_indicatorvalue SET peers_codes = ARRAY(
    SELECT e.code::smallint FROM jsonb_array_elements_text(peers) WITH ORDINALITY AS e(code, n)
    ORDER BY e.n
) WHERE peers IS NOT NULL;
ALTER TABLE indicators_indicatorvalue DROP COLUMN peers;
ALTER TABLE indicators_indicatorvalue RENAME COLUMN peers_codes TO peers;
"""
BACKWARD = """
ALTER TABLE indicators_indicatorvalue ADD COLUMN peers_json jsonb;
UPDATE indicators_indicatorvalue SET peers_json = to_jsonb(peers) WHERE peers IS NOT NULL;
ALTER TABLE indicators_indicatorvalue DROP COLUMN peers;
ALTER TABLE indicators_indicatorvalue RENAME COLUMN peers_json TO peers;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0006_computation_month_fingerprints"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="indicatorvalue",
                    name="peers",
                    field=indicators.fields.CodeListField(
                        null=True, verbose_name="sammenlignelige kommuner"
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        )
    ]

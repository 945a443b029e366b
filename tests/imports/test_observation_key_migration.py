"""Migration 0009 (the cell as the observations' primary key), forward and back, on rows:
nothing is lost, the keys are what the models declare, and the table works both ways."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("indicators", "0008_observation_one_cell_index")]
AFTER = [("indicators", "0009_observation_cell_primary_key")]
TABLE = "indicators_observation"


def _migrate(target=None):
    """Migrate to target, or (None) to every app's latest migration: going back to indicators'
    0008 unapplies the later migrations of apps that depend on it, which the flush after the
    test needs back."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target if target is not None else executor.loader.graph.leaf_nodes())


def _columns():
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, TABLE)]


def _primary_key():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return [tuple(c["columns"]) for c in constraints.values() if c["primary_key"]]


def _rows():
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT measure_id, municipality_id, period, value FROM {TABLE}"  # noqa: S608
            " ORDER BY measure_id, period, municipality_id"
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_cell_primary_key_forward_and_back():
    from indicators.models import Measure

    measure = Measure.objects.create(code="mig_m", name="mig_m")
    _migrate(BEFORE)
    try:
        assert "id" in _columns()
        assert _primary_key() == [("id",)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TABLE} (measure_id, municipality_id, period, value)"  # noqa: S608
                " VALUES (%s, 101, '2024-01-01', 1.5), (%s, 751, '2024-01-01', NULL),"
                " (%s, 101, '2024-02-01', 3)",
                [measure.pk] * 3,
            )
        before = _rows()

        _migrate(AFTER)
        assert "id" not in _columns()
        assert _primary_key() == [("measure_id", "period", "municipality_id")]
        assert _rows() == before
        with pytest.raises(Exception, match="duplicate key|UNIQUE"), connection.cursor() as c:
            c.execute(
                f"INSERT INTO {TABLE} (measure_id, municipality_id, period, value)"  # noqa: S608
                " VALUES (%s, 101, '2024-01-01', 9)",
                [measure.pk],
            )

        _migrate(BEFORE)
        assert _primary_key() == [("id",)]
        assert _rows() == before
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(DISTINCT id), count(*) FROM {TABLE}")  # noqa: S608
            assert cursor.fetchone() == (3, 3)
            cursor.execute(
                f"INSERT INTO {TABLE} (measure_id, municipality_id, period, value)"  # noqa: S608
                " VALUES (%s, 147, '2024-01-01', 2) RETURNING id",
                [measure.pk],
            )
            assert cursor.fetchone()[0] is not None
    finally:
        _migrate()
    assert _primary_key() == [("measure_id", "period", "municipality_id")]

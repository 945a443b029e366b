"""Per-process cache of the benchmark page (docs/performance.md).

What a benchmark page shows changes only when the data behind it changes, so its rendered body
and the selector result are kept in this process's memory, keyed by the municipality, the month
and the *data version*. The data version is read from PostgreSQL on every request (one cheap
query of indexed maxima), so every gunicorn worker sees a change at once and nothing depends on
Redis:

- the latest successful ComputationRun (id and finish time) and the newest IndicatorValue id
  (a computation rewrites its rows with new ids; values written outside a run count too),
- the newest successful import (the page's "data as of" time and the ministry's benchmark),
- the newest history row of indicators, measures (names, formula, framework) and municipal
  targets: every save and delete through the ORM writes one, so a target change bumps it.

Old versions are never looked up again and fall out of the bounded LRU.
"""

import datetime
import hashlib
import threading
from collections import OrderedDict

from django.db import connection

from indicators.models import (
    ComputationRun,
    ImportBatch,
    Indicator,
    IndicatorValue,
    Measure,
    MunicipalityCluster,
    NationalTarget,
)
from reforms.models import GrantAmount, GrantTranche, Lever, MunicipalityContact, Person

from .models import MunicipalTarget
from .selectors.benchmark import benchmark_for

MAX_ENTRIES = 256

_lock = threading.Lock()
_entries = OrderedDict()


def _max_sql(model, column, where=""):
    """A scalar subquery; identifiers come from model metadata, values are bound params."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(column)
    return f"(SELECT MAX({column}) FROM {table} {where})"  # noqa: S608


def data_version():
    """(text, last-modified datetime or None): the version of everything the page shows."""
    ok = "WHERE status = %s"
    parts = [
        _max_sql(ComputationRun, "id", ok),
        _max_sql(ComputationRun, "finished_at", ok),
        _max_sql(IndicatorValue, "id"),
        _max_sql(ImportBatch, "finished_at", ok),
        _max_sql(Indicator.history.model, "history_id"),
        _max_sql(Measure.history.model, "history_id"),
        _max_sql(MunicipalTarget.history.model, "history_id"),
        _max_sql(Indicator.history.model, "history_date"),
        _max_sql(MunicipalTarget.history.model, "history_date"),
        # The page also shows the municipality's grant tranches and the national targets.
        _max_sql(GrantTranche.history.model, "history_id"),
        _max_sql(GrantAmount.history.model, "history_id"),
        _max_sql(NationalTarget.history.model, "history_id"),
        # "Hvad kan I gøre": the lever bank and the municipalities' STAR contacts.
        _max_sql(Lever.history.model, "history_id"),
        _max_sql(MunicipalityContact.history.model, "history_id"),
        _max_sql(Person.history.model, "history_id"),
        # The jobindsats cluster classifications (the peers section's "Klyngen").
        _max_sql(MunicipalityCluster.history.model, "history_id"),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(parts),
            [ComputationRun.Status.SUCCEEDED] * 2 + [ImportBatch.Status.SUCCEEDED],
        )
        row = cursor.fetchone()
    text = "|".join("" if v is None else str(v) for v in row)
    stamps = [v for v in row if isinstance(v, datetime.datetime)]
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16], (
        max(stamps) if stamps else None
    )


def get(key):
    with _lock:
        value = _entries.get(key)
        if value is not None:
            _entries.move_to_end(key)
        return value


def put(key, value):
    with _lock:
        _entries[key] = value
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear():
    with _lock:
        _entries.clear()


def cached_benchmark(*, municipality, period=None, version=None, target_group=None):
    """benchmark_for(municipality, period, target_group) for the current data version, from
    memory when this process built it before (the API, the downloads and the page share it)."""
    if version is None:
        version = data_version()[0]
    key = ("benchmark", municipality.code, period, version, target_group)
    hit = get(key)
    if hit is None:
        hit = put(
            key,
            benchmark_for(municipality=municipality, period=period, target_group=target_group),
        )
    return hit


def memo(name, *args, version, build):
    """build() once per (name, args, data version) in this process."""
    key = (name, *args, version)
    hit = get(key)
    if hit is None:
        hit = put(key, build())
    return hit

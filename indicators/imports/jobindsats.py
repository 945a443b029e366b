"""Client of jobindsats.dk's API v2 and the fetch-and-import service built on it.

`GET /v2/tables/{table}/json` lists a table's periods; `POST /v2/data/{table}/json` returns the
data (the JSON that `import_observations --format jobindsats-json` reads). Every request sends
`Authorization: <key>`. 429 and temporary gateway errors are retried with back-off (honouring
Retry-After); 401/403, 500, other errors and malformed JSON raise JobindsatsError with a Danish
message, and nothing is stored. Fetched data is imported through the same service as files.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass

import requests
from django.conf import settings
from django.db import transaction

from core.periods import parse_period

from ..models import ImportBatch, Observation
from .jobindsats_json import load_measure_map, read_jobindsats_block
from .service import observations_import, record_failed_import

logger = logging.getLogger(__name__)

RETRY_STATUSES = {429, 502, 503, 504}
MAX_RETRY_AFTER = 120  # seconds: never sleep longer on a server's say-so


class JobindsatsError(RuntimeError):
    """A request to jobindsats failed for good (message in Danish)."""


class JobindsatsClient:
    """A small, strict client of the v2 API."""

    def __init__(
        self,
        *,
        api_key=None,
        base_url=None,
        timeout=60,
        max_retries=4,
        backoff=1.0,
        sleep=time.sleep,
        session=None,
    ):
        self.api_key = api_key if api_key is not None else settings.JOBINDSATS_API_KEY
        self.base_url = (base_url or settings.JOBINDSATS_BASE_URL).rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.sleep = sleep
        self.session = session or requests.Session()

    def _request(self, method, path, body=None):
        """The response body (bytes) of a successful request, after retries."""
        if not self.api_key:
            raise JobindsatsError("JOBINDSATS_API_KEY er ikke sat")
        url = f"{self.base_url}{path}"
        headers = {"Authorization": self.api_key, "Accept": "application/json"}
        for attempt in range(self.max_retries + 1):
            try:
                response = self.session.request(
                    method, url, json=body, headers=headers, timeout=self.timeout
                )
            except requests.RequestException as exc:
                if attempt == self.max_retries:
                    raise JobindsatsError(f"jobindsats kunne ikke nås ({exc})") from exc
                self.sleep(self.backoff * 2**attempt)
                continue
            status = response.status_code
            if status in RETRY_STATUSES and attempt < self.max_retries:
                self.sleep(self._wait(response, attempt))
                continue
            if status in (401, 403):
                raise JobindsatsError(
                    f"jobindsats afviste API-nøglen (HTTP {status}): ret JOBINDSATS_API_KEY "
                    "(nøglen fås hos jobindsats.dk) og kør igen"
                )
            if status == 429:
                raise JobindsatsError(
                    f"jobindsats begrænser stadig antallet af kald (HTTP 429) efter "
                    f"{self.max_retries} forsøg; vent et stykke tid og kør igen"
                )
            if status >= 400:
                raise JobindsatsError(
                    f"jobindsats svarede med fejl (HTTP {status}) på {method} {path}"
                )
            return response.content
        raise JobindsatsError("jobindsats svarede ikke")  # pragma: no cover

    def _wait(self, response, attempt):
        retry_after = response.headers.get("Retry-After", "")
        try:
            return min(float(retry_after), MAX_RETRY_AFTER)
        except ValueError:
            return self.backoff * 2**attempt

    def _json(self, content, path):
        try:
            return json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise JobindsatsError(
                f"jobindsats sendte ugyldig JSON fra {path}; kør igen senere, og kontakt "
                "jobindsats hvis fejlen bliver ved"
            ) from exc

    def table_periods(self, table):
        """The periods a table offers (e.g. ['2024M01', '2024QMAT02'])."""
        path = f"/v2/tables/{table}/json"
        payload = self._json(self._request("GET", path), path)
        entries = payload if isinstance(payload, list) else [payload]
        for entry in entries:
            if isinstance(entry, dict):
                for key in ("Period", "Periods", "Periode", "period"):
                    if isinstance(entry.get(key), list):
                        return [str(p) for p in entry[key]]
        raise JobindsatsError(f"tabellen {table} har ingen periodeliste i svaret fra jobindsats")

    def data(self, table, *, periods, area="*", dimensions=None):
        """The raw JSON bytes of `POST /v2/data/{table}/json` (checked to be a data answer)."""
        body = {"area": area, "period": list(periods)}
        for key, values in (dimensions or {}).items():
            body[key if key.startswith("_") else f"_{key}"] = values
        path = f"/v2/data/{table}/json"
        content = self._request("POST", path, body)
        try:  # read as the import reads it: the rows one at a time, never the whole answer
            block = read_jobindsats_block(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise JobindsatsError(
                f"jobindsats sendte ugyldig JSON fra {path}; kør igen senere, og kontakt "
                "jobindsats hvis fejlen bliver ved"
            ) from exc
        if not isinstance(block, dict) or "Variables" not in block or "Data" not in block:
            raise JobindsatsError(
                f"svaret fra {path} mangler Variables og Data (det er ikke data); tjek "
                "JOBINDSATS_BASE_URL og tabellens navn"
            )
        return content


def mapped_tables(measure_map=None):
    """{table: [measure codes]} of the configured measure map."""
    tables = {}
    for entry in load_measure_map(measure_map):
        tables.setdefault(entry.table, []).append(entry.measure)
    return tables


def new_periods(table, available, measure_map=None, limit=None):
    """The available periods whose month has no observation yet for the table's measures."""

    codes = mapped_tables(measure_map).get(table.lower(), [])
    have = set(
        Observation.objects.filter(measure__code__in=codes)
        .values_list("period", flat=True)
        .distinct()
    )
    fresh = []
    for period in available:
        try:
            month = parse_period(period)
        except ValueError:
            continue  # yearly and other periods the import does not store
        if month not in have:
            fresh.append(period)
    limit = limit if limit is not None else getattr(settings, "JOBINDSATS_MAX_PERIODS", 12)
    return fresh[-limit:] if limit else fresh


def jobindsats_import(
    *, table, periods=None, by=None, client=None, measure_map=None, dry_run=False
):
    """Fetch a table (the given periods, else the new ones) and import it like a file.

    Returns the ImportBatch, or None when there was nothing new. A failed fetch records a failed
    batch with the error and raises JobindsatsError; nothing is stored."""

    client = client or JobindsatsClient()
    file_name = f"jobindsats-{table}.json"
    try:
        if periods is None:
            periods = new_periods(table, client.table_periods(table), measure_map)
            if not periods:
                return None
        content = client.data(table, periods=periods)
    except JobindsatsError as exc:
        record_failed_import(file_name=file_name, format="jobindsats-json", message=str(exc), by=by)
        raise
    return observations_import(
        file=content,
        file_name=f"jobindsats-{table}-{periods[0]}-{periods[-1]}.json",
        format="jobindsats-json",
        dry_run=dry_run,
        by=by,
        measure_map=measure_map,
        table=table,
    )


@dataclass
class TableFetch:
    """One table of a fetch: the periods asked for and the import batch (None: nothing new)."""

    table: str
    periods: list
    batch: object = None

    def summary(self):
        """`table=T created=N updated=N unchanged=N skipped=N ignored=N` (CONTRACT.md §3)."""
        b = self.batch
        counts = (b.created, b.updated, b.unchanged, b.skipped, b.ignored) if b else (0, 0, 0, 0, 0)
        return "table={} created={} updated={} unchanged={} skipped={} ignored={}".format(
            self.table, *counts
        )


class _ImportRejected(Exception):
    def __init__(self, table, batch):
        super().__init__(table)
        self.table = table
        self.batch = batch


def jobindsats_fetch(  # noqa: C901 - one linear all-or-nothing procedure
    *, tables=None, periods=None, dry_run=False, by=None, client=None, progress=None
):
    """Fetch the given tables (default: every mapped table) and import them all-or-nothing.

    periods: the periods to fetch of each table, else those each table offers that are not
    stored yet. Every table is fetched before anything is written; then all are imported in one
    transaction, so a refused key, an answer that is not data or a rejected import stores
    nothing (a failed batch records why) and raises JobindsatsError (Danish). progress(done,
    total, text) is called as tables are fetched and imported. Returns [TableFetch]."""
    client = client or JobindsatsClient()
    known = mapped_tables()
    tables = [t.lower() for t in (tables or list(known))]
    unknown = [t for t in tables if t not in known]
    if unknown:
        raise JobindsatsError(
            f"tabellen {', '.join(unknown)} er ikke i målingskortet (kendte tabeller: "
            f"{', '.join(known) or 'ingen'}); ret --table eller JOBINDSATS_MEASURE_MAP"
        )
    report = progress or (lambda done, total, text: None)
    total = 2 * len(tables)
    fetches, contents = [], {}
    for index, table in enumerate(tables):
        report(index, total, f"henter {table}")
        try:
            wanted = list(periods) if periods else new_periods(table, client.table_periods(table))
            fetch = TableFetch(table, wanted)
            if wanted:
                contents[table] = client.data(table, periods=wanted)
        except JobindsatsError as exc:
            record_failed_import(
                file_name=f"jobindsats-{table}.json",
                format="jobindsats-json",
                message=str(exc),
                by=by,
            )
            raise
        fetches.append(fetch)
    try:
        with transaction.atomic():
            for index, fetch in enumerate(fetches):
                report(len(tables) + index, total, f"importerer {fetch.table}")
                if fetch.table not in contents:
                    continue
                fetch.batch = observations_import(
                    file=contents[fetch.table],
                    file_name=(
                        f"jobindsats-{fetch.table}-{fetch.periods[0]}-{fetch.periods[-1]}.json"
                    ),
                    format="jobindsats-json",
                    dry_run=dry_run,
                    by=by,
                    table=fetch.table,
                )
                if fetch.batch.status == ImportBatch.Status.FAILED:
                    raise _ImportRejected(fetch.table, fetch.batch)
    except _ImportRejected as rejected:
        failed = rejected.batch
        failed.pk = None  # the batch was rolled back with the rest: record the attempt again
        failed._state.adding = True
        failed.save()
        first = failed.errors[0]["message"] if failed.errors else ""
        raise JobindsatsError(
            f"importen af tabellen {rejected.table} blev afvist ({len(failed.errors)} fejl, "
            f"fx {first}); intet er gemt — se import nr. {failed.pk}"
        ) from None
    report(total, total, "færdig")
    return fetches


def jobindsats_fetch_new(*, client=None):
    """Fetch and import the new periods of every mapped table; no-op without an API key.

    The beat schedule's task calls this; it is the same service as `fetch_jobindsats`."""
    if client is None and not settings.JOBINDSATS_API_KEY:
        logger.info("jobindsats fetch skipped: no JOBINDSATS_API_KEY")
        return []
    return [f.batch.pk for f in jobindsats_fetch(client=client) if f.batch is not None]

"""The jobindsats client against a local HTTP server serving recorded-style responses."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .conftest import observations
from .test_import_formats import jobindsats_payload

pytestmark = pytest.mark.django_db

KEY = "test-key-123"
TABLE_ANSWER = [{"TableID": "y30r21", "Period": ["2023QMAT04", "2024QMAT02", "2024"]}]
DATA_ANSWER = jobindsats_payload(
    [
        ["Hele landet", "2024QMAT02", "Ydelsesgrupper i alt", "16,1", "16,1", "0,0", ".."],
        ["Aarhus", "2024QMAT02", "Ydelsesgrupper i alt", "15,2", "16,4", "-1,2", "71"],
        ["Odense", "2024QMAT02", "Ydelsesgrupper i alt", "17,0", "16,0", "1,0", "20"],
    ]
)


class FakeJobindsats:
    """A scripted server: path -> list of (status, headers, body) served in order."""

    def __init__(self):
        self.script = {}
        self.requests = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fake.requests.append(
                    (self.command, self.path, self.headers.get("Authorization"), body)
                )
                queue = fake.script.get(self.path) or [(404, {}, b"not found")]
                status, headers, payload = queue.pop(0) if len(queue) > 1 else queue[0]
                if isinstance(payload, list | dict):
                    payload = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = _serve  # noqa: N815
            do_POST = _serve  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def serve(self, path, *responses):
        self.script[path] = list(responses)


@pytest.fixture
def server():
    fake = FakeJobindsats()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def client(server):
    from indicators.imports.jobindsats import JobindsatsClient

    sleeps = []
    c = JobindsatsClient(api_key=KEY, base_url=server.url, backoff=0.01, sleep=sleeps.append)
    c.sleeps = sleeps
    return c


def test_fetch_imports_new_periods_through_the_file_path(server, client):
    from indicators.imports.jobindsats import jobindsats_import

    server.serve("/v2/tables/y30r21/json", (200, {}, TABLE_ANSWER))
    server.serve("/v2/data/y30r21/json", (200, {}, DATA_ANSWER))
    batch = jobindsats_import(table="y30r21", client=client)
    assert batch.status == "succeeded", batch.errors
    assert (batch.created, batch.skipped) == (8, 1)
    assert observations()[("y30r21_forskel_i_alt", 751, "2024-06")] == -1.2
    method, path, auth, body = server.requests[-1]
    assert (method, path, auth) == ("POST", "/v2/data/y30r21/json", KEY)
    # the yearly period '2024' is not a month the import stores; both quarters are new
    assert json.loads(body) == {"area": "*", "period": ["2023QMAT04", "2024QMAT02"]}
    assert server.requests[0][:3] == ("GET", "/v2/tables/y30r21/json", KEY)


def test_second_fetch_asks_only_for_new_periods(server, client):
    from indicators.imports.jobindsats import jobindsats_import

    server.serve("/v2/tables/y30r21/json", (200, {}, TABLE_ANSWER))
    server.serve("/v2/data/y30r21/json", (200, {}, DATA_ANSWER))
    jobindsats_import(table="y30r21", client=client)
    server.requests.clear()
    jobindsats_import(table="y30r21", client=client)
    assert json.loads(server.requests[-1][3])["period"] == ["2023QMAT04"]
    server.serve("/v2/tables/y30r21/json", (200, {}, [{"Period": ["2024QMAT02"]}]))
    server.requests.clear()
    assert jobindsats_import(table="y30r21", client=client) is None
    assert [r[0] for r in server.requests] == ["GET"]


def test_429_is_retried_respecting_retry_after(server, client):
    from indicators.imports.jobindsats import jobindsats_import

    server.serve(
        "/v2/data/y30r21/json",
        (429, {"Retry-After": "2"}, b"slow down"),
        (429, {}, b"slow down"),
        (200, {}, DATA_ANSWER),
    )
    batch = jobindsats_import(table="y30r21", periods=["2024QMAT02"], client=client)
    assert batch.created == 8
    assert client.sleeps == [2.0, 0.02]
    assert len(server.requests) == 3


def test_persistent_429_fails_clearly(server, client):
    from indicators.imports.jobindsats import JobindsatsError, jobindsats_import

    server.serve("/v2/data/y30r21/json", (429, {"Retry-After": "1"}, b""))
    with pytest.raises(JobindsatsError, match="429"):
        jobindsats_import(table="y30r21", periods=["2024QMAT02"], client=client)
    assert len(server.requests) == client.max_retries + 1
    assert observations() == {}


@pytest.mark.parametrize(
    ("response", "fragment"),
    [
        ((401, {}, b'{"Message": "Unauthorized"}'), "API-nøglen"),
        ((500, {}, b"Internal Server Error"), "HTTP 500"),
        ((200, {}, b'[{"Variables": [{"Label": "Omr'), "ugyldig JSON"),
        ((200, {}, b'{"Message": "ok"}'), "mangler Variables"),
    ],
)
def test_failures_are_clear_and_store_nothing(server, client, response, fragment):
    from indicators.imports.jobindsats import JobindsatsError, jobindsats_import
    from indicators.models import ImportBatch

    server.serve("/v2/data/y30r21/json", response)
    with pytest.raises(JobindsatsError, match=fragment):
        jobindsats_import(table="y30r21", periods=["2024QMAT02"], client=client)
    assert observations() == {}
    failed = ImportBatch.objects.get()
    assert failed.status == "failed"
    assert fragment in failed.errors[0]["message"]


def test_bad_data_rows_reject_the_whole_fetch(server, client):
    from indicators.imports.jobindsats import jobindsats_import

    payload = jobindsats_payload(
        [
            ["Aarhus", "2024QMAT02", "Ydelsesgrupper i alt", "15,2", "16,4", "-1,2", "71"],
            ["Odense", "2024QMAT02", "Ydelsesgrupper i alt", "abc", "16,0", "1,0", "20"],
        ]
    )
    server.serve("/v2/data/y30r21/json", (200, {}, payload))
    batch = jobindsats_import(table="y30r21", periods=["2024QMAT02"], client=client)
    assert batch.status == "failed"
    assert batch.errors[0]["row"] == 3
    assert observations() == {}


def test_scheduled_fetch_is_a_noop_without_a_key(server, settings):
    from indicators.tasks_jobindsats import jobindsats_fetch_new_task

    settings.JOBINDSATS_API_KEY = ""
    settings.JOBINDSATS_BASE_URL = server.url
    assert jobindsats_fetch_new_task() == []
    assert server.requests == []


def test_scheduled_fetch_with_a_key(server, settings):
    from indicators.tasks_jobindsats import jobindsats_fetch_new_task

    settings.JOBINDSATS_API_KEY = KEY
    settings.JOBINDSATS_BASE_URL = server.url
    server.serve("/v2/tables/y30r21/json", (200, {}, TABLE_ANSWER))
    server.serve("/v2/data/y30r21/json", (200, {}, DATA_ANSWER))
    batch_ids = jobindsats_fetch_new_task()
    assert len(batch_ids) == 1
    assert observations()[("y30r21_placering_i_alt", 461, "2024-06")] == 20.0


def test_beat_schedule_has_the_fetch():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["jobindsats-fetch-new"]
    assert entry["task"] == "indicators.tasks_jobindsats.jobindsats_fetch_new_task"

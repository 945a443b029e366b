"""Large files are imported by the worker (issue 21, CONTRACT.md §5): the API answers 202 with
the import's id, the page redirects to the import's page, which shows progress and the result;
the run is all-or-nothing and safe to run twice."""

import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ..conftest import wait_for
from .conftest import observations

API = "/api/v1/imports/"
HEADER = b"measure;municipality;period;value\n"
GOOD = HEADER + b"".join(b"kth_modtagere;751;2024-%02d;%d\n" % (m, m) for m in range(1, 13))
BAD = HEADER + b"kth_modtagere;751;2024-01;5\n" + b"kth_modtagere;751;x;1\n" * 150


def upload(content=GOOD, name="stor.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def to_worker(settings):
    """Every upload above 100 bytes goes to the worker."""
    settings.IMPORT_ASYNC_ABOVE_BYTES = 100


def _stored_files():
    root = Path(django_settings.MEDIA_ROOT) / "imports"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.worker
def test_api_answers_202_and_the_worker_imports_the_file(
    to_worker, celery_worker, api_for, measures
):
    from indicators.models import ImportBatch

    api = api_for("staff")
    response = api.post(API, {"file": upload()}, format="multipart")
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "queued" and body["created_by"] == "star"
    assert response["Location"].endswith(f"{API}{body['id']}/")
    # the computation run is linked when the import's transaction has committed
    done = wait_for(
        lambda: ImportBatch.objects.filter(pk=body["id"], status__in=["succeeded", "failed"])
        .exclude(status="succeeded", computation_run=None)
        .first(),
        timeout=90,
    )
    assert done.status == "succeeded", done.errors
    detail = api.get(f"{API}{body['id']}/").json()
    assert (detail["status"], detail["created"], detail["progress"]) == ("succeeded", 12, 100)
    assert detail["periods"][0] == "2024-01" and len(detail["periods"]) == 12
    assert detail["computation_run"] is not None
    assert len(observations()) == 12
    assert not done.upload and not any(body["file_name"] in p.name for p in _stored_files())
    assert "indicators.tasks.import_observations" in celery_worker.log_path.read_text()


@pytest.mark.worker
def test_a_bad_large_file_fails_in_the_worker_with_its_errors_and_nothing_stored(
    to_worker, celery_worker, api_for, measures, settings
):
    from indicators.models import ImportBatch

    response = api_for("admin").post(API, {"file": upload(BAD)}, format="multipart")
    assert response.status_code == 202
    pk = response.json()["id"]
    wait_for(lambda: ImportBatch.objects.get(pk=pk).status == "failed", timeout=60)
    detail = api_for("admin").get(f"{API}{pk}/").json()
    assert detail["error_count"] == 150
    assert detail["errors"][0]["row"] == 3 and detail["errors"][0]["column"] == "period"
    # the worker's default IMPORT_MAX_ERRORS = 100, then the count of the rest
    assert len(detail["errors"]) == 101
    assert detail["errors"][-1]["message"] == "… og 50 fejl mere"
    assert observations() == {}


@pytest.mark.worker
def test_the_page_redirects_to_the_import_which_shows_progress_then_the_result(
    to_worker, celery_worker, client_for, measures
):
    from indicators.models import ImportBatch

    client = client_for("staff")
    response = client.post(reverse("indicators:import_upload"), {"file": upload()})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    wait_for(lambda: ImportBatch.objects.get(pk=batch.pk).status == "succeeded", timeout=60)
    html = client.get(batch.get_absolute_url()).content.decode()
    assert "Importen er gennemført" in html and "Oprettet: 12" in html
    assert 'http-equiv="refresh"' not in html


@pytest.mark.django_db
def test_a_queued_import_page_refreshes_and_shows_its_progress(to_worker, client_for, measures):
    from indicators.imports.queued import import_enqueue
    from indicators.models import ImportBatch

    batch = import_enqueue(upload=upload(), file_name="stor.csv")  # no worker: stays queued
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", progress=60, step="gemmer")
    html = client_for("staff").get(batch.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "Importen kører" in html and "Fremdrift: 60 % (gemmer)" in html
    assert '<progress max="100" value="60"' in html
    batch.upload.delete(save=False)


@pytest.mark.django_db
def test_running_twice_imports_once_and_a_run_lost_mid_way_is_redone(to_worker, measures):
    from indicators.imports.queued import import_enqueue, import_execute
    from indicators.models import ImportBatch, Observation

    batch = import_enqueue(upload=upload(), file_name="stor.csv")
    path = Path(batch.upload.path)
    assert path.read_bytes() == GOOD
    # a worker lost mid-run: the batch says running, its transaction was rolled back
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", progress=60)
    first = import_execute(batch_id=batch.pk)
    assert first.status == "succeeded" and first.created == 12
    assert import_execute(batch_id=batch.pk) is None  # a second delivery
    assert Observation.objects.count() == 12
    assert set(Observation.objects.values_list("batch_id", flat=True)) == {batch.pk}
    assert not path.exists()
    stored = ImportBatch.objects.get(pk=batch.pk)
    assert (stored.status, stored.progress, stored.step, stored.upload.name) == (
        "succeeded",
        100,
        "",
        "",
    )


@pytest.mark.django_db
def test_a_lost_message_is_sent_again_by_the_sweep(to_worker, measures, monkeypatch):
    import datetime

    from indicators.imports import queued
    from indicators.models import ImportBatch

    sent = []
    monkeypatch.setattr(queued, "task_enqueue", lambda task, args, event: sent.append(args) or None)
    batch = queued.import_enqueue(upload=upload(), file_name="stor.csv")
    assert batch.enqueue_failed and sent == [[batch.pk]]
    assert queued.imports_sweep(stale_after=datetime.timedelta(hours=1)) == 0
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=batch.created_at - datetime.timedelta(minutes=10)
    )
    queued.imports_sweep()
    assert sent == [[batch.pk], [batch.pk]]
    ImportBatch.objects.get(pk=batch.pk).upload.delete(save=False)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["steering", "jc751", "jc101"])
def test_other_roles_cannot_send_a_large_file(to_worker, api_for, client_for, measures, role):
    from indicators.models import ImportBatch

    assert api_for(role).post(API, {"file": upload()}, format="multipart").status_code == 403
    page = client_for(role).post(reverse("indicators:import_upload"), {"file": upload()})
    assert page.status_code == 403
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_an_import_of_an_unknown_id_is_404(api_for, client_for):
    assert api_for("staff").get(f"{API}999999/").status_code == 404
    assert (
        client_for("staff").get(reverse("indicators:import_detail", args=[999999])).status_code
        == 404
    )


@pytest.mark.django_db
def test_a_queued_dry_run_stores_nothing(to_worker, api_for, measures):
    from indicators.imports.queued import import_execute
    from indicators.models import ImportBatch

    response = api_for("staff").post(
        API,
        {"file": upload(GOOD, "stor.bin"), "format": "csv", "dry_run": "true"},
        format="multipart",
    )
    assert response.status_code == 202 and response.json()["dry_run"] is True
    batch = import_execute(batch_id=response.json()["id"])
    assert (batch.status, batch.created, batch.format) == ("dry_run", 12, "csv")
    assert observations() == {} and not ImportBatch.objects.get().upload


@pytest.mark.django_db
@pytest.mark.parametrize(("unpacked_limit", "status"), [(2000, 202), (10 * 1024 * 1024, 201)])
def test_a_small_xlsx_that_unpacks_to_much_goes_to_the_worker(
    api_for, measures, settings, monkeypatch, unpacked_limit, status
):
    """A 2 MB archive may unpack to 200 MB of XML (tens of seconds of reading): the request
    looks at the archive's directory and leaves such a file to the worker."""
    from indicators.imports import queued
    from indicators.models import ImportBatch

    from .test_import_hostile import HEADER_ROW, _row, xlsx

    settings.IMPORT_ASYNC_ABOVE_UNPACKED_BYTES = unpacked_limit
    sent = []
    monkeypatch.setattr(queued, "task_enqueue", lambda task, args, event: sent.append(args))
    rows = "".join(
        _row(n, [(f"A{n}", "kth_modtagere"), (f"B{n}", 751), (f"C{n}", f"2024-{n - 1:02d}")])
        for n in range(2, 14)
    )
    content = xlsx(HEADER_ROW + rows)
    assert len(content) < 2000 < queued._unpacked_size(io.BytesIO(content))
    response = api_for("staff").post(
        API, {"file": upload(content, "lille.xlsx")}, format="multipart"
    )
    assert response.status_code == status, response.content
    batch = ImportBatch.objects.get(pk=response.json()["id"])
    if status == 202:
        assert batch.status == "queued" and sent == [[batch.pk]]
        assert Path(batch.upload.path).read_bytes() == content  # read from the start again
        batch.upload.delete(save=False)
    else:
        assert batch.status == "succeeded" and batch.created == 12 and sent == []


def test_the_unpacked_size_of_what_is_not_a_zip_is_zero():
    from indicators.imports.queued import _unpacked_size

    assert _unpacked_size(io.BytesIO(b"measure;municipality\n")) == 0
    assert _unpacked_size(io.BytesIO(b"PK\x03\x04 broken")) == 0

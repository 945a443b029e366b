"""POST /api/v1/imports/ and the upload page: shapes, limits and permissions per role."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.imports import service as import_service

from .conftest import observations

pytestmark = pytest.mark.django_db

GOOD = b"measure;municipality;period;value\nkth_modtagere;751;2024-01;1.234,5\n"
BAD = b"measure;municipality;period;value\nkth_modtagere;751;2024-01;5\nkth_modtagere;751;x;1\n"
API = "/api/v1/imports/"


def upload(content=GOOD, name="obs.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_api_post_201_with_counts_and_computation_run(api_for, measures):
    response = api_for("staff").post(API, {"file": upload()}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["created"], body["updated"], body["unchanged"], body["skipped"]) == (1, 0, 0, 0)
    assert body["status"] == "succeeded"
    assert "computation_run" in body
    assert body["periods"] == ["2024-01"]
    assert body["created_by"] == "star"
    assert observations() == {("kth_modtagere", 751, "2024-01"): 1234.5}


def test_api_post_400_with_row_errors_and_nothing_stored(api_for, measures):
    response = api_for("admin").post(API, {"file": upload(BAD)}, format="multipart")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert len(errors) == 1
    assert errors[0]["row"] == 3
    assert errors[0]["column"] == "period"
    assert "ugyldig periode" in errors[0]["message"]
    assert observations() == {}


def test_api_dry_run_and_format(api_for, measures):
    response = api_for("staff").post(
        API,
        {"file": upload(GOOD, "data.bin"), "format": "csv", "dry_run": "true"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "dry_run"
    assert response.json()["created"] == 1
    assert observations() == {}


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({}, "Vælg en fil"),
        ({"file": ("x.pdf", b"%PDF")}, "Filtypen"),
        ({"file": ("x.csv", b"")}, "tom"),
        ({"file": ("x.csv", GOOD), "format": "pdf"}, "gyldigt valg"),
    ],
)
def test_api_rejects_bad_uploads_in_danish(api_for, measures, payload, fragment):
    data = {k: (SimpleUploadedFile(*v) if k == "file" else v) for k, v in payload.items()}
    response = api_for("staff").post(API, data, format="multipart")
    assert response.status_code == 400
    assert fragment in response.json()["errors"][0]["message"]


def test_upload_size_limit(api_for, measures, monkeypatch):
    monkeypatch.setattr("indicators.forms_import.MAX_UPLOAD_BYTES", 10)
    response = api_for("staff").post(API, {"file": upload()}, format="multipart")
    assert response.status_code == 400
    assert "for stor" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("admin", 201),
        ("staff", 201),
        ("steering", 403),
        ("jc751", 403),
        ("jc101", 403),
    ],
)
def test_only_star_staff_may_import_through_the_api(api_for, measures, role, expected):
    response = api_for(role).post(API, {"file": upload()}, format="multipart")
    assert response.status_code == expected
    assert bool(observations()) == (expected == 201)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("admin", 200),
        ("staff", 200),
        ("steering", 403),
        ("jc751", 403),
        ("jc101", 403),
    ],
)
def test_only_star_staff_may_upload_on_the_page(client_for, measures, role, expected):
    response = client_for(role).post(reverse("indicators:import_upload"), {"file": upload()})
    assert response.status_code == expected
    assert bool(observations()) == (expected == 200)


def test_api_list_shows_batches_to_readers(api_for, measures):
    api_for("staff").post(API, {"file": upload()}, format="multipart")
    api_for("staff").post(API, {"file": upload(BAD)}, format="multipart")
    body = api_for("steering").get(API).json()
    assert [row["status"] for row in body["results"]] == ["failed", "succeeded"]
    assert body["results"][0]["errors"][0]["row"] == 3
    assert api_for("jc751").get(API).status_code == 403


def test_upload_page_shows_counts_history_and_computation(client_for, measures):
    client = client_for("staff")
    response = client.post(reverse("indicators:import_upload"), {"file": upload()})
    html = response.content.decode()
    assert "Importen er gennemført" in html
    assert "Oprettet: 1" in html
    assert "Beregning" in html
    assert "obs.csv" in html  # the history table
    page = client.get(reverse("indicators:import_upload")).content.decode()
    assert "obs.csv" in page


def test_upload_page_shows_danish_errors_per_row(client_for, measures):
    response = client_for("staff").post(reverse("indicators:import_upload"), {"file": upload(BAD)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Importen er afvist" in html
    assert "ugyldig periode" in html
    assert observations() == {}


def test_upload_page_form_errors(client_for, measures):
    response = client_for("staff").post(
        reverse("indicators:import_upload"), {"file": upload(b"x", "x.exe")}
    )
    assert response.status_code == 200
    assert "Filtypen kendes ikke" in response.content.decode()


def test_batch_detail_lists_errors(client_for, api_for, measures):
    api_for("staff").post(API, {"file": upload(BAD)}, format="multipart")
    from indicators.models import ImportBatch

    batch = ImportBatch.objects.get()
    html = client_for("steering").get(reverse("indicators:import_detail", args=[batch.pk]))
    assert "ugyldig periode" in html.content.decode()


@pytest.mark.django_db(transaction=True)
def test_api_answer_carries_the_computation_run_started_on_commit(api_for, measures, monkeypatch):
    """Without an outer transaction the commit happens inside the request: the 201 names the
    run that computation_request created after the data was committed."""

    from indicators.models import ComputationRun, Observation

    seen = []

    def computation_request(*, periods, trigger, by):
        seen.append(Observation.objects.count())  # the data is committed and visible
        return ComputationRun.objects.create(trigger=trigger, requested_by=by)

    monkeypatch.setattr(import_service, "computation_request", computation_request)
    response = api_for("staff").post(API, {"file": upload()}, format="multipart")
    assert response.status_code == 201
    run = ComputationRun.objects.get()
    assert response.json()["computation_run"] == run.pk
    assert run.requested_by.username == "star"
    assert seen == [1]

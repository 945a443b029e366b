"""Every upload endpoint (the observation import page and API — the project's only file
uploads) rejects an oversized file and a wrong type with a Danish message / JSON 400 and
stores nothing: no import batch, no observation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.imports import MAX_UPLOAD_BYTES
from indicators.models import ImportBatch

from .conftest import observations

pytestmark = pytest.mark.django_db

API = "/api/v1/imports/"
HEADER = b"measure;municipality;period;value\n"
ROW = b"kth_modtagere;751;2024-01;1.234,5\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def oversized():
    """A real file one byte over the limit (valid CSV, so only the size can reject it)."""
    body = HEADER + ROW * ((MAX_UPLOAD_BYTES - len(HEADER)) // len(ROW) + 1)
    assert len(body) > MAX_UPLOAD_BYTES
    return SimpleUploadedFile("stor.csv", body, content_type="text/csv")


BAD_FILES = {
    "oversized": (oversized, "for stor"),
    "executable": (
        lambda: SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/octet-stream"),
        "Filtypen kendes ikke",
    ),
    "image": (lambda: SimpleUploadedFile("billede.png", PNG, "image/png"), "Filtypen kendes ikke"),
}


def assert_nothing_stored():
    assert ImportBatch.objects.count() == 0
    assert observations() == {}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_api_rejects_with_json_400_and_stores_nothing(api_for, measures, kind):
    make, fragment = BAD_FILES[kind]
    response = api_for("staff").post(API, {"file": make()}, format="multipart")
    assert response.status_code == 400
    assert fragment in response.json()["errors"][0]["message"]
    assert_nothing_stored()


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_page_rejects_with_danish_form_error_and_stores_nothing(client_for, measures, kind):
    make, fragment = BAD_FILES[kind]
    response = client_for("staff").post(reverse("indicators:import_upload"), {"file": make()})
    assert response.status_code == 200
    assert fragment in response.content.decode()
    assert_nothing_stored()


@pytest.mark.parametrize("client_kind", ["api", "page"])
def test_binary_content_with_a_csv_name_stores_no_observation(
    api_for, client_for, measures, client_kind
):
    """A wrong type hidden behind an accepted extension is refused by the parser: nothing
    is loaded (the failed batch is kept as the audit trail of the attempt)."""
    upload = SimpleUploadedFile("forklaedt.csv", PNG, "text/csv")
    if client_kind == "api":
        response = api_for("staff").post(API, {"file": upload}, format="multipart")
        assert response.status_code == 400
        assert response.json()["errors"]
    else:
        response = client_for("staff").post(reverse("indicators:import_upload"), {"file": upload})
        assert response.status_code == 400
    assert observations() == {}
    assert not ImportBatch.objects.exclude(status=ImportBatch.Status.FAILED).exists()

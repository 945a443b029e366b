"""The "Hent fra jobindsats" action of the import page: STAR staff start a fetch, a real Celery
worker runs it against the stand-in (a real HTTP server), the fetch's page shows each table's
summary line; others may not start one."""

import pytest
from django.urls import reverse

from tests.conftest import wait_for
from tests.jobindsats_standin import JobindsatsStandIn

KEY = "stand-in-key-web"


@pytest.fixture
def standin_env(monkeypatch, settings):
    with JobindsatsStandIn(key=KEY) as server:
        # the worker process reads the environment, this process the settings
        monkeypatch.setenv("JOBINDSATS_BASE_URL", server.url)
        monkeypatch.setenv("JOBINDSATS_API_KEY", KEY)
        settings.JOBINDSATS_BASE_URL = server.url
        settings.JOBINDSATS_API_KEY = KEY
        yield server


@pytest.mark.django_db
def test_import_page_offers_the_action_to_staff_only(client_for):
    staff = client_for("staff").get(reverse("indicators:import_upload")).content.decode()
    assert "Hent fra jobindsats" in staff
    assert reverse("indicators:jobindsats_fetch_start") in staff


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("steering", 403), ("jc751", 403), ("jc101", 403)])
def test_only_staff_may_start_a_fetch(client_for, role, status):
    from indicators.models import JobindsatsFetch

    response = client_for(role).post(reverse("indicators:jobindsats_fetch_start"))
    assert response.status_code == status
    assert not JobindsatsFetch.objects.exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client):
    response = client.post(reverse("indicators:jobindsats_fetch_start"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.worker
def test_staff_fetch_runs_in_the_worker_and_shows_each_table(
    standin_env, celery_worker, client_for
):
    from indicators.models import JobindsatsFetch, Observation

    client = client_for("staff")
    response = client.post(reverse("indicators:jobindsats_fetch_start"))
    fetch = JobindsatsFetch.objects.get()
    assert response.status_code == 302 and response["Location"] == fetch.get_absolute_url()
    done = wait_for(
        lambda: JobindsatsFetch.objects.filter(pk=fetch.pk, status="succeeded").first(), 120
    )
    assert done.progress == 100 and done.requested_by.username == "star"
    assert [s["line"] for s in done.summaries] == [
        "table=y30r21 created=3136 updated=0 unchanged=0 skipped=48 ignored=2688"
    ]
    assert Observation.objects.count() == 3136
    html = client.get(fetch.get_absolute_url()).content.decode()
    assert "table=y30r21 created=3136" in html and "2025QMAT03" in html
    assert reverse("indicators:import_detail", args=[done.batches[0]]) in html
    batch_page = client.get(reverse("indicators:import_detail", args=[done.batches[0]]))
    text = batch_page.content.decode()
    assert "Ikke brugt af målingskortet" in text and "Hele landet" in text


@pytest.mark.django_db
def test_a_refused_key_shows_a_danish_error_and_stores_nothing(standin_env, settings, users):
    from indicators.imports.fetch_runs import fetch_execute
    from indicators.models import JobindsatsFetch, Observation

    settings.JOBINDSATS_API_KEY = "wrong"
    fetch = JobindsatsFetch.objects.create(requested_by=users["staff"])
    done = fetch_execute(fetch_id=fetch.pk)
    assert done.status == "failed"
    assert "afviste API-nøglen (HTTP 401)" in done.error and done.error.endswith("Intet er gemt.")
    assert not Observation.objects.exists()
    assert fetch_execute(fetch_id=fetch.pk) is None  # a finished fetch never runs again

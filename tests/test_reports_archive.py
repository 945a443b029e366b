"""Report archive, recipients, dispatch pages and commands: who sees what, and what they do."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from benchmarks.models import Dispatch, Recipient, Report, ReportBatch
from benchmarks.reports.selectors import figure_revisions, revisions_by_indicator
from benchmarks.reports.services import (
    dispatch_request,
    dispatch_send,
    report_render,
    reports_request,
    reports_retry_failed,
)
from indicators.models import IndicatorValue

from .reports_data import make_indicator_values

JUNE = datetime.date(2024, 6, 1)


@pytest.fixture
def archive(users, settings, tmp_path):
    """Finished June reports for Aarhus, København and the whole country (placeholder files)."""
    settings.MEDIA_ROOT = tmp_path
    batch = ReportBatch.objects.create(period=JUNE)
    reports = {}
    for code in (751, 101, None):
        report = Report(batch=batch, municipality_id=code, period=JUNE, state=Report.State.DONE)
        report.file = f"r/{report.filename}"
        (tmp_path / "r").mkdir(exist_ok=True)
        (tmp_path / report.file).write_bytes(b"%PDF-1.7 test")
        report.save()
        reports[code] = report
    return reports


@pytest.mark.django_db
def test_job_centre_manager_lists_only_his_municipality_and_never_the_national(archive, api_for):
    rows = api_for("jc751").get("/api/v1/reports/").json()["results"]
    assert [r["municipality"] for r in rows] == [751]
    assert api_for("jc751").get(f"/api/v1/reports/{archive[101].pk}/").status_code == 404
    assert api_for("jc751").get(f"/api/v1/reports/{archive[101].pk}/pdf/").status_code == 404
    assert api_for("jc751").get(f"/api/v1/reports/{archive[None].pk}/").status_code == 404
    assert api_for("jc751").get(f"/api/v1/reports/{archive[None].pk}/pdf/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "staff", "steering"])
def test_star_readers_see_every_report_and_the_national_one(archive, api_for, role):
    rows = api_for(role).get("/api/v1/reports/?period=2024-06").json()["results"]
    assert sorted(rows, key=lambda r: r["municipality"] or 0)[0]["municipality"] is None
    assert {r["municipality"] for r in rows} == {None, 101, 751}
    national = api_for(role).get(f"/api/v1/reports/{archive[None].pk}/pdf/")
    assert national.status_code == 200
    filtered = api_for(role).get("/api/v1/reports/?municipality=101").json()["results"]
    assert [(r["municipality"], r["period"]) for r in filtered] == [(101, "2024-06")]
    assert api_for(role).get("/api/v1/reports/?period=2023-01").json()["results"] == []


@pytest.mark.django_db
def test_bad_period_filter_is_a_json_400(archive, api_for):
    response = api_for("staff").get("/api/v1/reports/?period=juni")
    assert response.status_code == 400
    assert "period" in response.json()


@pytest.mark.django_db
def test_national_pdf_page_is_404_for_a_manager(archive, client_for):
    assert client_for("jc751").get(f"/rapporter/{archive[None].pk}/pdf/").status_code == 404
    assert client_for("staff").get(f"/rapporter/{archive[None].pk}/pdf/").status_code == 200


@pytest.mark.django_db
def test_report_page_lists_own_reports_for_manager_and_batches_for_staff(archive, client_for):
    manager = client_for("jc751").get("/rapporter/").content.decode()
    assert "Benchmarkrapport Aarhus 2024-06" in manager
    assert "København" not in manager and "Rapportkørsler" not in manager
    staff = client_for("staff").get("/rapporter/").content.decode()
    assert "Rapportkørsler" in staff and "Benchmarkrapport Hele landet 2024-06" in staff
    assert "Prøv fejlede igen" not in staff  # nothing failed


@pytest.mark.django_db
def test_retry_failed_puts_failed_reports_back_in_the_queue(archive, client_for):
    Report.objects.filter(pk=archive[101].pk).update(state=Report.State.FAILED, error="boom")
    batch = archive[101].batch
    page = client_for("staff").get("/rapporter/").content.decode()
    assert "Prøv fejlede igen" in page
    assert (
        client_for("steering").post(f"/rapporter/koersler/{batch.pk}/proev-igen/").status_code
        == 403
    )
    response = client_for("staff").post(f"/rapporter/koersler/{batch.pk}/proev-igen/")
    assert response.status_code == 302
    archive[101].refresh_from_db()
    assert archive[101].state == Report.State.PENDING and archive[101].error == ""
    assert reports_retry_failed(batch=batch) == 0


@pytest.mark.django_db
def test_staff_manage_recipients_with_danish_validation(users, client_for):
    client = client_for("staff")
    data = {
        "municipality": 751,
        "name": "Jobcenterchef",
        "email": "chef@aarhus.dk",
        "role": "jobcentre_manager",
        "active": "on",
    }
    assert client.post("/rapporter/modtagere/ny/", data).status_code == 302
    response = client.post("/rapporter/modtagere/ny/", data)
    assert response.status_code == 200
    assert "Adressen er allerede modtager for kommunen." in response.content.decode()
    bad = client.post("/rapporter/modtagere/ny/", {**data, "email": "ikke-en-adresse"})
    assert bad.status_code == 200 and Recipient.objects.count() == 1
    page = client.get("/rapporter/modtagere/").content.decode()
    assert "97 kommuner har ingen aktive modtagere" in page


@pytest.mark.django_db
def test_dry_run_and_preview_list_municipalities_without_recipients_and_send_nothing(
    archive, client_for, mailoutbox
):
    Recipient.objects.create(municipality_id=751, email="chef@aarhus.dk", name="Chef")
    out = StringIO()
    call_command("dispatch_reports", "--quarter", "2024-Q2", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "uden modtagere (1): København" in text
    assert "send Aarhus: Benchmarkrapport Aarhus 2024-06 -> chef@aarhus.dk" in text
    assert "dry-run send=1 sent=0 failed=0 no_recipients=1 no_report=96" in text
    assert Dispatch.objects.count() == 0 and mailoutbox == []
    page = client_for("steering").get("/rapporter/forsendelser/2024-Q2/forhaandsvisning/")
    body = page.content.decode()
    assert "1 kommune mangler modtagere" in body and "chef@aarhus.dk" in body
    assert "Send 1 e-mail" not in body  # steering members read, they do not send
    assert client_for("jc751").get("/rapporter/forsendelser/2024-Q2/").status_code == 403


@pytest.mark.django_db
def test_dispatch_command_sync_sends_once_and_the_log_shows_it(archive, client_for, mailoutbox):
    Recipient.objects.create(municipality_id=751, email="chef@aarhus.dk", name="Chef")
    out = StringIO()
    call_command("dispatch_reports", "--quarter", "2024-Q2", "--sync", stdout=out)
    assert "sent=1" in out.getvalue() and "no_recipients=1" in out.getvalue()
    call_command("dispatch_reports", "--quarter", "2024-Q2", "--sync", stdout=StringIO())
    assert len(mailoutbox) == 1
    [mail] = mailoutbox
    assert mail.to == ["chef@aarhus.dk"]
    assert mail.attachments[0][0] == "benchmarkrapport-751-2024-06.pdf"
    row = Dispatch.objects.get(municipality=751)
    assert row.status == Dispatch.Status.SENT and row.message_id == mail.extra_headers["Message-ID"]
    log = client_for("staff").get("/rapporter/forsendelser/2024-Q2/").content.decode()
    assert row.message_id.strip("<>") in log and "Mangler modtagere (1)" in log
    api = client_for("steering").get("/api/v1/dispatches/?quarter=2024-Q2&status=sent").json()
    assert [d["municipality"] for d in api["results"]] == [751]


@pytest.mark.django_db
def test_bad_quarter_is_a_danish_command_error():
    with pytest.raises(CommandError, match="ugyldigt kvartal"):
        call_command("dispatch_reports", "--quarter", "2024-5")


@pytest.mark.django_db
def test_render_reports_sync_renders_the_month(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_indicator_values(indicators=1, months=2)
    out = StringIO()
    call_command(
        "render_reports", "--period", "2024-06", "--municipality", "751", "--sync", stdout=out
    )
    assert "done=1 failed=0" in out.getvalue()
    report = Report.objects.get(municipality=751, period=JUNE)
    assert report.state == Report.State.DONE and (tmp_path / report.file).exists()
    with pytest.raises(CommandError, match="ugyldig periode"):
        call_command("render_reports", "--period", "juni")


@pytest.mark.django_db
def test_a_sent_figure_that_changes_later_is_marked_revideret(settings, tmp_path, mailoutbox):
    settings.MEDIA_ROOT = tmp_path
    make_indicator_values(indicators=1, months=2)
    reports_request(period=JUNE, municipalities=[751], enqueue=False)
    report = Report.objects.get(municipality=751)
    report_render(report_id=report.pk)
    Recipient.objects.create(municipality_id=751, email="chef@aarhus.dk", name="Chef")
    dispatch_request(quarter="2024-Q2", enqueue=False)
    assert dispatch_send(dispatch_id=Dispatch.objects.get(municipality=751).pk) == "sent"
    assert figure_revisions(municipality=report.municipality) == []

    row = IndicatorValue.objects.get(municipality=751, period=JUNE)
    sent_value = row.value
    row.value = 12.25
    row.save()
    revisions = revisions_by_indicator(municipality=report.municipality, period=JUNE)
    revision = revisions["t_ind_0"]
    assert revision.sent_value == pytest.approx(sent_value)
    assert revision.current_value == 12.25
    assert revision.quarter == "2024-Q2"

    # The next rendering of the month shows the mark and the earlier figure.
    reports_request(period=JUNE, municipalities=[751], enqueue=False)
    report_render(report_id=report.pk)
    report.refresh_from_db()
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO((tmp_path / report.file).read_bytes())) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "revideret" in text
    assert f"tidligere {revision.sent_text}" in text

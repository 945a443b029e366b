"""End-to-end journeys in Debian's Chromium, one per role (issue 9, item 4).

STAR staff create a reform, fix its indicators, import a file, watch the computation finish in
the real worker, see the reports render and preview the quarterly dispatch; a steering member
decides an escalation; a job-centre manager reads his benchmark page and downloads his report.

With SAVE_SCREENSHOTS=1 the journeys also save the key screens to docs/screenshots/ for the
user guide (docs/brugervejledning.md); normal runs never write there."""

import datetime
import io
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.conftest import login, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "pw-test-2026"


def shot(page, name):
    """Save the visible screen as docs/screenshots/<name>.png, only when asked to."""
    if os.environ.get("SAVE_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


@pytest.fixture
def screen(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    return page


@pytest.fixture
def worker_media():
    """The worker writes reports under the test settings' MEDIA_ROOT; start and end clean."""
    root = Path(settings.MEDIA_ROOT) / "reports"
    shutil.rmtree(root, ignore_errors=True)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _observation_file(tmp_path, periods):
    """CONTRACT §5 CSV (';', Danish decimal comma) for both new measures, all 98 municipalities."""
    from indicators.models import Municipality

    lines = ["measure;municipality;period;value"]
    for m_index, period in enumerate(periods):
        for code in Municipality.objects.order_by("code").values_list("code", flat=True):
            denominator = 400 + (code % 50) * 10
            numerator = denominator * (0.2 + (code % 13) / 50 + m_index / 100)
            lines.append(f"journey_i_job;{code};{period};{numerator:.1f}".replace(".", ","))
            lines.append(f"journey_ledige;{code};{period};{denominator}")
    path = tmp_path / "jobindsats-juni.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.worker
def test_star_staff_reform_to_dispatch_preview(
    screen, users, celery_worker, worker_media, tmp_path
):
    from benchmarks.models import Dispatch, Recipient, Report, ReportBatch
    from indicators.models import (
        ComputationRun,
        ImportBatch,
        Indicator,
        IndicatorValue,
        Measure,
        Municipality,
    )
    from reforms.models import Reform

    page = screen
    # Every municipality has a recipient (the recipients page is not part of this journey).
    Recipient.objects.bulk_create(
        Recipient(municipality=m, name=f"Jobcenterchef {m.name}", email=f"jc{m.code}@example.dk")
        for m in Municipality.objects.all()
    )

    login(page, "star", PASSWORD)
    page.wait_for_url(lambda url: "/login/" not in url)
    assert page.locator("h1").inner_text().startswith("Velkommen")
    shot(page, "01-forside-star")

    # 1. A new reform.
    page.goto("/reforms/")
    page.get_by_role("link", name="Opret reform").click()
    page.get_by_label("Navn", exact=True).fill("Flere ledige i job")
    page.get_by_label("Kort navn (URL)").fill("flere-ledige-i-job")
    page.get_by_label("Loven træder i kraft").fill("2025-01-01")
    page.get_by_label("Kompleksitet").select_option("complex")
    shot(page, "02-opret-reform")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_url("**/reforms/flere-ledige-i-job/")
    assert page.locator("h1").inner_text() == "Flere ledige i job"
    reform = Reform.objects.get(slug="flere-ledige-i-job")
    assert reform.phases.count() == 4

    # 2. Indicators: a measure pair and an indicator linked to the reform.
    for code, name in [
        ("journey_i_job", "Ledige i job efter 3 måneder"),
        ("journey_ledige", "Ledige i alt"),
    ]:
        page.goto("/measures/new/")
        page.get_by_label("Kode").fill(code)
        page.get_by_label("Navn").fill(name)
        page.get_by_role("button", name="Gem").click()
        expect(page.locator("h1")).to_have_text(f"{name} ({code})")
    numerator = Measure.objects.get(code="journey_i_job")
    denominator = Measure.objects.get(code="journey_ledige")

    page.goto("/indicators/new/")
    page.get_by_label("Kode").fill("journey_andel_i_job")
    page.get_by_label("Navn", exact=True).fill("Andel ledige i job")
    page.get_by_label("Type", exact=True).select_option("sigtelinje")
    page.get_by_label("Reform").select_option(str(reform.pk))
    page.get_by_label("Tæller").select_option(str(numerator.pk))
    page.get_by_label("Nævner").select_option(str(denominator.pk))
    shot(page, "03-opret-indikator")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("h1")).to_contain_text("Andel ledige i job")
    indicator = Indicator.objects.get(code="journey_andel_i_job")
    assert indicator.reform_id == reform.pk
    assert (indicator.numerator_id, indicator.denominator_id) == (numerator.pk, denominator.pk)

    # 3. Import three months for all 98 municipalities through the upload page.
    periods = ["2025-04", "2025-05", "2025-06"]
    page.get_by_role("link", name="Import").first.click()
    assert page.locator("h1").inner_text() == "Importér observationer"
    page.set_input_files("#id_file", str(_observation_file(tmp_path, periods)))
    page.get_by_role("button", name="Importér").click()
    expect(page.get_by_text("Importen er gennemført")).to_be_visible()
    assert page.get_by_text(f"Oprettet: {2 * 98 * 3}", exact=False).is_visible()
    shot(page, "04-import-gennemfoert")
    batch = ImportBatch.objects.get(file_name="jobindsats-juni.csv")
    assert batch.created == 2 * 98 * 3
    run = batch.computation_run
    assert run is not None

    # 4. The computation runs in the worker; the run page refreshes itself until it is done.
    page.goto(f"/computations/{run.pk}/")
    status = page.locator("main dl")
    expect(status).to_contain_text("Gennemført", timeout=90_000)
    expect(page.get_by_text("Beregningen er i gang")).to_have_count(0)
    assert ComputationRun.objects.get(pk=run.pk).status == ComputationRun.Status.SUCCEEDED
    june = datetime.date(2025, 6, 1)
    aarhus = IndicatorValue.objects.get(indicator=indicator, municipality_id=751, period=june)
    assert aarhus.rank_of == 98 and 1 <= aarhus.rank <= 98
    expected_value = 100 * aarhus.numerator / aarhus.denominator
    assert abs(aarhus.value - expected_value) < 1e-6

    # 5. The finished computation requested June's reports; the worker renders them.
    report_batch = wait_for(lambda: ReportBatch.objects.filter(period=june).first(), timeout=30)
    assert report_batch.run_id == run.pk
    assert Report.objects.filter(batch=report_batch).count() == 99
    first_done = wait_for(
        lambda: Report.objects.filter(
            batch=report_batch, state=Report.State.DONE, municipality__isnull=False
        ).first(),
        timeout=90,
    )
    page.get_by_role("link", name="Rapporter").first.click()
    assert page.locator("h1").inner_text() == "Rapporter"
    row = page.locator("table").first.locator("tbody tr", has_text="juni 2025")
    expect(row).to_contain_text(f"#{run.pk}")
    done_text = row.locator("td").nth(2).inner_text()
    done, total = (int(x) for x in done_text.split("/"))
    assert total == 99 and done >= 1
    shot(page, "05-rapporter")
    pdf = page.request.get(f"/rapporter/{first_done.pk}/pdf/")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    # 6. Preview the quarter's dispatch: who would get what; nothing is sent.
    page.goto("/rapporter/forsendelser/2025-Q2/forhaandsvisning/")
    assert page.locator("h1").inner_text() == "Forhåndsvisning af forsendelsen 2025-Q2"
    name = first_done.municipality.name
    preview_row = page.locator("tbody tr", has=page.get_by_role("cell", name=name, exact=True))
    expect(preview_row).to_contain_text(f"jc{first_done.municipality_id}@example.dk")
    expect(preview_row).to_contain_text("Sendes")
    expect(preview_row).to_contain_text(first_done.title)
    assert page.get_by_role("button", name="Send").first.is_visible()
    shot(page, "06-forhaandsvisning")
    assert not Dispatch.objects.exists()


@pytest.fixture
def open_escalation(users):
    from reforms import services
    from reforms.models import Group, GroupMember, Person

    reform = services.reform_create(name="Kontanthjælpsreformen", slug="kontanthjaelpsreformen")
    group = Group.objects.create(reform=reform, kind=Group.Kind.STEERING)
    person = Person.objects.create(name="Signe Styregruppe", email="signe@star.dk")
    GroupMember.objects.create(group=group, person=person, role="Formand")
    return services.escalation_raise(
        reform=reform,
        subject="Forsinket IT-understøttelse i jobcentrene",
        cause="Leverandøren er tre måneder bagud.",
        proposal="Udskyd første måling til 1. oktober og informér kommunerne.",
        by=users["staff"],
    )


def test_steering_member_decides_an_escalation(screen, open_escalation):
    from reforms.models import Escalation

    page = screen
    login(page, "styregruppe", PASSWORD)
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto("/reforms/escalations/")
    shot(page, "07-eskaleringer")
    page.get_by_role("link", name="Forsinket IT-understøttelse i jobcentrene").click()
    expect(page.locator("main")).to_contain_text("Afventer beslutning")
    # DKFDS draws its own radio buttons: the user clicks the label.
    page.locator("label", has_text="Godkendt").filter(has_not_text="ændringer").click()
    assert page.get_by_label("Godkendt", exact=True).is_checked()
    page.get_by_role("textbox", name="Styregruppens beslutning").fill(
        "Godkendt: første måling flyttes til 1. oktober."
    )
    page.get_by_role("button", name="Registrér beslutning").click()

    expect(page.locator("main")).to_contain_text("Godkendt: første måling flyttes til 1. oktober.")
    expect(page.locator("main")).not_to_contain_text("Afventer beslutning")
    escalation = Escalation.objects.get(pk=open_escalation.pk)
    assert escalation.status == Escalation.Status.APPROVED
    assert escalation.decision_text == "Godkendt: første måling flyttes til 1. oktober."
    assert escalation.decided_by.username == "styregruppe"
    assert page.get_by_role("button", name="Registrér beslutning").count() == 0


@pytest.fixture
def manager_data(users, settings, tmp_path):
    """Benchmark values for June 2025 and the rendered reports of Aarhus (751) and
    København (101), written and rendered in-process (no worker needed)."""
    from benchmarks.models import Report
    from benchmarks.reports.services import report_render, reports_request
    from tests.benchmark_data import END, fill_values, make_indicator, make_reform

    settings.MEDIA_ROOT = tmp_path
    reform = make_reform()
    fill_values([make_indicator("bm_sig", reform=reform)], months=4)
    reports_request(period=END, municipalities=[751, 101], enqueue=False)
    for report in Report.objects.filter(period=END):
        report_render(report_id=report.pk)
    return {r.municipality_id: r for r in Report.objects.filter(period=END)}


def test_job_centre_manager_reads_his_page_and_downloads_his_report(screen, manager_data):
    from benchmarks.formatting import da_number
    from indicators.models import IndicatorValue

    page = screen
    assert all(r.state == "done" for r in manager_data.values())
    login(page, "jc751", PASSWORD)
    page.wait_for_url("**/benchmark/751/")
    assert page.locator("h1").inner_text() == "Benchmark for Aarhus Kommune"
    assert "juni 2025" in page.locator("#benchmark-month").inner_text()

    # A figure: the value and rank stored for Aarhus in June are what the page shows.
    stored = IndicatorValue.objects.get(
        indicator__code="bm_sig", municipality_id=751, period=datetime.date(2025, 6, 1)
    )
    page.locator("[data-chart='bm_sig']").scroll_into_view_if_needed()  # drawn near the window
    page.wait_for_selector("[data-chart='bm_sig'] .main-svg")
    main = page.locator("main")
    expect(main).to_contain_text(da_number(stored.value, 1))
    expect(main).to_contain_text(f"nr. {stored.rank} af {stored.rank_of}")
    explain = page.get_by_test_id("explain-bm_sig")
    explain.locator("summary").click()
    assert explain.get_by_text("Formel").is_visible()
    shot(page, "08-benchmark-jobcenter")

    # The archive lists his report only; the PDF is his month's report.
    page.get_by_role("link", name="Rapporter").first.click()
    assert page.locator("h1").inner_text() == "Rapporter"
    expect(page.locator("main")).not_to_contain_text("København")
    shot(page, "09-rapportarkiv-jobcenter")
    own = manager_data[751]
    link = page.get_by_role("link", name="Hent Benchmarkrapport Aarhus 2025-06")
    assert link.get_attribute("href").endswith(f"/rapporter/{own.pk}/pdf/")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    data = response.body()
    assert data.startswith(b"%PDF")
    assert PdfReader(io.BytesIO(data)).metadata.title == "Benchmarkrapport Aarhus 2025-06"

    # Another municipality's page and report do not exist for him.
    assert page.goto("/benchmark/101/").status == 404
    assert page.request.get(f"/rapporter/{manager_data[101].pk}/pdf/").status == 404


def test_star_administrator_invites_a_job_centre_manager(screen, users, mailoutbox):
    from accounts.models import Role, User

    page = screen
    login(page, "admin", PASSWORD)
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto("/users/")
    expect(page.locator("main")).to_contain_text("jc751")
    shot(page, "10-brugere-admin")
    page.get_by_role("link", name="Invitér bruger").click()
    page.fill("#id_username", "jc461")
    page.fill("#id_email", "jobcenterchef@odense.dk")
    page.fill("#id_first_name", "Ida")
    page.fill("#id_last_name", "Holm")
    page.select_option("#id_role", Role.JOBCENTRE)
    # A job-centre manager without a municipality is refused with a Danish message.
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("main")).to_contain_text("En jobcenterchef skal knyttes til en kommune.")
    assert not User.objects.filter(username="jc461").exists()
    page.select_option("#id_municipality", "461")
    shot(page, "11-inviter-bruger")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("main")).to_contain_text("er oprettet, og en invitation er sendt til")
    user = User.objects.get(username="jc461")
    assert (user.role, user.municipality_id, user.has_usable_password()) == (
        Role.JOBCENTRE,
        461,
        False,
    )
    from accounts.tasks import send_invitation

    send_invitation(user.pk, users["admin"].pk)  # the worker's part
    assert [m.to for m in mailoutbox] == [["jobcenterchef@odense.dk"]]

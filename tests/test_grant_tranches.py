"""Grant tranches (CONTRACT §7 `grant-tranches`): every municipality's status follows from the
milestone and the due month, checked against a calculation of the test's own from the raw
observations; amounts, the STAR list and its XLSX, loading amounts, and who may see what."""

import datetime
import io
import random
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core.periods import add_months, format_period
from indicators import services as indicator_services
from indicators.models import Indicator, Measure, Municipality, Observation
from reforms.models import GrantAmount, GrantTranche, Reform

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 1)
MONTHS = [add_months(START, k) for k in range(8)]  # L = 2025-08


def generate(codes, seed=22):
    """{code: [(numerator, denominator) or None per month]}: shares around the 40 % threshold,
    some missing months and some small (suppressed) counts."""
    rng = random.Random(seed)
    data = {}
    for code in codes:
        base = rng.choice([30, 38, 42, 47])
        row = []
        for _month in MONTHS:
            roll = rng.random()
            if roll < 0.05:
                row.append(None)  # missing
            elif roll < 0.08:
                row.append((rng.randint(1, 4), 8))  # N < 5: suppressed
            else:
                denominator = rng.randint(80, 400)
                share = base + rng.uniform(-6, 6)
                row.append((round(denominator * share / 100), denominator))
        data[code] = row
    return data


def expected_milestone(row, threshold=40.0, months=3):
    """The first month that completes `months` consecutive months with N/D x 100 >= threshold;
    a missing or suppressed month (D < 5, or 0 < N < 5) breaks a run."""
    run = 0
    for index, cell in enumerate(row):
        if cell is None:
            run = 0
            continue
        numerator, denominator = cell
        if denominator < 5 or 0 < numerator < 5:
            run = 0
            continue
        run = run + 1 if 100.0 * numerator / denominator >= threshold else 0
        if run >= months:
            return MONTHS[index]
    return None


def expected_status(tranche, reached, latest):
    if tranche["condition"]:
        if reached is not None and reached <= tranche["due"]:
            return "earned"
        return "not_earned" if latest >= tranche["due"] else "pending"
    return "earned" if latest >= tranche["due"] else "pending"


@pytest.fixture
def grant_world(users):
    reform = Reform.objects.create(name="Flere skal med (test)", slug="fsm-test")
    n = Measure.objects.create(code="virk_n", name="I virksomhedsrettet aktivering")
    d = Measure.objects.create(code="virk_d", name="Modtagere")
    indicator = Indicator.objects.create(
        code="virk_test",
        name="Andel i virksomhedsrettet aktivering",
        kind="implementation",
        reform=reform,
        numerator=n,
        denominator=d,
        scale=100,
        milestone_threshold=40,
        milestone_months=3,
    )
    codes = list(Municipality.objects.order_by("code").values_list("code", flat=True))
    data = generate(codes)
    rows = []
    for code, cells in data.items():
        for month, cell in zip(MONTHS, cells, strict=True):
            numerator, denominator = cell if cell is not None else (None, 100)
            rows.append(Observation(measure=n, municipality_id=code, period=month, value=numerator))
            rows.append(
                Observation(measure=d, municipality_id=code, period=month, value=denominator)
            )
    Observation.objects.bulk_create(rows)
    indicator_services.indicators_compute()
    return {"reform": reform, "indicator": indicator, "data": data, "codes": codes}


TRANCHES = [
    {"name": "Start", "share": 30, "due": datetime.date(2025, 3, 1), "condition": False},
    {"name": "Milepæl", "share": 40, "due": datetime.date(2025, 6, 1), "condition": True},
    {"name": "Sen milepæl", "share": 20, "due": datetime.date(2025, 12, 1), "condition": True},
    {"name": "Slut", "share": 10, "due": datetime.date(2025, 12, 1), "condition": False},
]


def create_tranches(api, reform, indicator):
    ids = []
    for tranche in TRANCHES:
        body = {
            "reform": reform.slug,
            "name": tranche["name"],
            "share": tranche["share"],
            "due": format_period(tranche["due"]),
            "condition": {"indicator": indicator.code} if tranche["condition"] else None,
        }
        response = api.post("/api/v1/grant-tranches/", body, format="json")
        assert response.status_code == 201, response.json()
        assert response.json() == {"id": response.json()["id"], **body}
        ids.append(response.json()["id"])
    return ids


def test_statuses_follow_the_milestone_and_due_month_for_every_municipality(grant_world, api_for):
    staff = api_for("staff")
    reform, indicator = grant_world["reform"], grant_world["indicator"]
    ids = create_tranches(staff, reform, indicator)
    grants = {code: Decimal(1000 + code) for code in grant_world["codes"][:60]}
    csv_text = "municipality;amount\n" + "".join(
        f"{code};{amount}\n" for code, amount in grants.items()
    )
    from benchmarks.grants.services import grant_amounts_load

    assert grant_amounts_load(reform=reform, text=csv_text) == (60, 0, 0)

    latest = MONTHS[-1]
    reached = {code: expected_milestone(row) for code, row in grant_world["data"].items()}
    seen = set()
    for tranche, tranche_id in zip(TRANCHES, ids, strict=True):
        body = staff.get(f"/api/v1/grant-tranches/{tranche_id}/statuses/?page_size=1000").json()
        assert body["count"] == 98
        for row in body["results"]:
            code = row["municipality"]
            status = expected_status(tranche, reached[code], latest)
            assert row["status"] == status, (tranche["name"], code, reached[code])
            seen.add(status)
            amount = grants.get(code)
            expected_amount = (
                None
                if amount is None
                else float((amount * Decimal(tranche["share"]) / 100).quantize(Decimal("0.01")))
            )
            assert row["amount"] == expected_amount
    assert seen == {"earned", "not_earned", "pending"}  # the data exercises every status
    # Some municipalities reach the milestone after the first due month: not earned there.
    assert any(r is not None and r > TRANCHES[1]["due"] for r in reached.values())


def test_job_centre_manager_sees_only_his_own_row(grant_world, api_for):
    ids = create_tranches(api_for("staff"), grant_world["reform"], grant_world["indicator"])
    for role, code in (("jc751", 751), ("jc101", 101)):
        body = api_for(role).get(f"/api/v1/grant-tranches/{ids[1]}/statuses/").json()
        assert [r["municipality"] for r in body["results"]] == [code]
    listed = api_for("jc751").get("/api/v1/grant-tranches/?reform=fsm-test").json()
    assert len(listed["results"]) == 4
    assert api_for("anonymous").get(f"/api/v1/grant-tranches/{ids[1]}/statuses/").status_code == 401


def test_only_star_staff_create_tranches_and_shares_stay_within_100(grant_world, api_for):
    body = {"reform": "fsm-test", "name": "X", "share": 30, "due": "2025-03", "condition": None}
    for role in ("steering", "jc751"):
        assert api_for(role).post("/api/v1/grant-tranches/", body, format="json").status_code == 403
    staff = api_for("staff")
    assert (
        staff.post("/api/v1/grant-tranches/", {**body, "share": 80}, format="json").status_code
        == 201
    )
    refused = staff.post("/api/v1/grant-tranches/", body, format="json")
    assert refused.status_code == 400 and "share" in refused.json()
    bad = staff.post(
        "/api/v1/grant-tranches/",
        {**body, "share": 5, "condition": {"indicator": "nej"}},
        format="json",
    )
    assert bad.status_code == 400 and "condition" in bad.json()
    assert GrantTranche.objects.count() == 1


def test_star_list_and_its_xlsx_sum_the_earned_amounts(grant_world, api_for, client_for):
    reform = grant_world["reform"]
    create_tranches(api_for("staff"), reform, grant_world["indicator"])
    GrantAmount.objects.bulk_create(
        GrantAmount(reform=reform, municipality_id=code, amount=Decimal(10000))
        for code in grant_world["codes"]
    )
    latest = MONTHS[-1]
    expected = {}
    for code, row in grant_world["data"].items():
        milestone = expected_milestone(row)
        expected[code] = sum(
            Decimal(100) * t["share"]
            for t in TRANCHES
            if expected_status(t, milestone, latest) == "earned"
        )
    for role in ("jc751", "jc101"):
        assert client_for(role).get(f"/benchmark/reform/{reform.slug}/tilskud/").status_code == 403
    page = client_for("steering").get(f"/benchmark/reform/{reform.slug}/tilskud/")
    assert page.status_code == 200 and "Ikke optjent" in page.content.decode()
    download = client_for("steering").get(f"/benchmark/reform/{reform.slug}/tilskud/?format=xlsx")
    sheet = load_workbook(io.BytesIO(download.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "Til udbetaling (kr.)"
    paid = {row[0]: Decimal(str(row[-1])) for row in rows[1:]}
    assert paid == expected


def test_loading_amounts_is_star_staff_only_and_all_or_nothing(grant_world, client_for):
    url = f"/benchmark/reform/{grant_world['reform'].slug}/tilskud/indlaes/"
    assert client_for("anonymous").get(url).status_code == 302
    for role in ("steering", "jc751"):
        assert client_for(role).get(url).status_code == 403
    staff = client_for("staff")
    bad = SimpleUploadedFile("t.csv", b"municipality;amount\nAarhus;1.000,50\nAtlantis;5\n751;3\n")
    page = staff.post(url, {"file": bad})
    text = page.content.decode()
    assert "række 3: ukendt kommune »Atlantis«" in text
    assert "række 4: kommunen står også i række 2" in text
    assert not GrantAmount.objects.exists()
    good = SimpleUploadedFile("t.csv", b"municipality;amount\nAarhus;1.000,50\n0101;2000\n")
    assert staff.post(url, {"file": good}).status_code == 302
    assert dict(GrantAmount.objects.values_list("municipality_id", "amount")) == {
        751: Decimal("1000.50"),
        101: Decimal("2000.00"),
    }


def test_municipality_benchmark_page_shows_its_tranches_and_follows_a_change(
    grant_world, api_for, client_for
):
    reform = grant_world["reform"]
    GrantAmount.objects.create(reform=reform, municipality_id=751, amount=Decimal(10000))
    page = client_for("jc751").get("/benchmark/751/").content.decode()
    assert "Tilskud i rater" not in page  # no tranche yet
    ids = create_tranches(api_for("staff"), reform, grant_world["indicator"])
    page = client_for("jc751").get("/benchmark/751/").content.decode()
    reached = expected_milestone(grant_world["data"][751])
    want = expected_status(TRANCHES[1], reached, MONTHS[-1])
    assert "Tilskud i rater" in page
    assert f'<tr data-tranche="{ids[1]}">' in page
    row = page.split(f'<tr data-tranche="{ids[1]}">')[1].split("</tr>")[0]
    assert f'data-status="{want}"' in row and "4.000,00" in row


def test_municipality_pdf_report_lists_its_tranches(grant_world, api_for, settings, tmp_path):
    import pdfplumber

    from benchmarks.models import Report
    from benchmarks.reports.services import report_render, reports_request

    settings.MEDIA_ROOT = tmp_path
    reform = grant_world["reform"]
    GrantAmount.objects.create(reform=reform, municipality_id=751, amount=Decimal(10000))
    create_tranches(api_for("staff"), reform, grant_world["indicator"])
    reports_request(period=MONTHS[-1], municipalities=[751], enqueue=False)
    report = Report.objects.get(municipality_id=751, period=MONTHS[-1])
    report_render(report_id=report.pk)
    report.refresh_from_db()
    with pdfplumber.open(tmp_path / report.file) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Tilskud i rater" in text
    want = expected_status(TRANCHES[1], expected_milestone(grant_world["data"][751]), MONTHS[-1])
    label = {"earned": "Optjent", "not_earned": "Ikke optjent", "pending": "Afventer"}[want]
    line = next(line for line in text.splitlines() if "Milepæl (40 %)" in line)
    assert label in line and "4.000,00" in line


def test_pdf_report_of_an_earlier_month_states_the_tranches_as_of_its_month(
    grant_world, api_for, settings, tmp_path
):
    """The report of February 2025 says 'Afventer' for the start tranche due March 2025, though
    the newest data (August) has it earned; the page of February says the same."""
    import pdfplumber

    from benchmarks.grants.selectors import municipality_tranches
    from benchmarks.models import Report
    from benchmarks.reports.services import report_render, reports_request

    settings.MEDIA_ROOT = tmp_path
    reform = grant_world["reform"]
    GrantAmount.objects.create(reform=reform, municipality_id=751, amount=Decimal(10000))
    create_tranches(api_for("staff"), reform, grant_world["indicator"])
    february = MONTHS[1]
    assert [s.status for s in municipality_tranches(751)][0] == "earned"  # as of August
    assert [s.status for s in municipality_tranches(751, until=february)] == ["pending"] * 4
    reports_request(period=february, municipalities=[751], enqueue=False)
    report = Report.objects.get(municipality_id=751, period=february)
    report_render(report_id=report.pk)
    report.refresh_from_db()
    with pdfplumber.open(tmp_path / report.file) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    start = next(line for line in text.splitlines() if "Start (30 %)" in line)
    assert "Afventer" in start and "Optjent" not in start, start

"""fetch_jobindsats against a stand-in that answers like the real API (a real HTTP server in a
thread): the ministry's benchmark y30r21, all four benefit groups, QMAT periods, `..` cells,
area names, Hele landet and regions (tests/imports/fixtures/, tests/jobindsats_standin.py)."""

import datetime
import io

import pytest
from django.core.management import call_command

from tests.jobindsats_standin import JobindsatsStandIn

from .conftest import observations

pytestmark = pytest.mark.django_db

KEY = "stand-in-key-2025"
GROUPS = ["Ydelsesgrupper i alt", "A-dagpenge mv.", "Sygedagpenge mv.", "Kontanthjælp mv."]
#: 98 municipalities × 4 groups × 4 official measures × 2 quarters (2025QMAT02, 2025QMAT03)
ALL_CELLS = 98 * 4 * 4 * 2
#: Hele landet and 5 regions, 4 groups, 2 quarters: rows that are counted, not stored
AREA_ROWS = 6 * 4 * 2
#: the three count columns of every municipal row, and the 7 measure cells of every area row
IGNORED = 98 * 4 * 2 * 3 + AREA_ROWS * 7


@pytest.fixture
def standin(settings):
    with JobindsatsStandIn(key=KEY) as server:
        settings.JOBINDSATS_BASE_URL = server.url
        settings.JOBINDSATS_API_KEY = KEY
        yield server


def fetch(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("fetch_jobindsats", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_fetch_stores_all_four_official_figures_of_all_four_groups(standin):
    from indicators.models import ImportBatch

    code, out, err = fetch()
    assert code == 0, err
    assert out == (
        f"table=y30r21 created={ALL_CELLS} updated=0 unchanged=0 skipped={AREA_ROWS} "
        f"ignored={IGNORED}\n"
    )
    stored = observations()
    assert len(stored) == ALL_CELLS
    # Aarhus 2025QMAT03 (recorded row: 14,9 / 14,0 / 0,9 / 28) at the quarter's last month
    assert stored[("y30r21_forventet_andel_i_alt", 751, "2025-09")] == 14.9
    assert stored[("y30r21_faktisk_andel_i_alt", 751, "2025-09")] == 14.0
    assert stored[("y30r21_forskel_i_alt", 751, "2025-09")] == 0.9
    assert stored[("y30r21_placering_i_alt", 751, "2025-09")] == 28
    # Læsø's sick-pay row is withheld (`..`): missing, never 0
    assert stored[("y30r21_forventet_andel_sygedagpenge", 825, "2025-09")] is None
    assert stored[("y30r21_placering_sygedagpenge", 825, "2025-09")] is None
    batch = ImportBatch.objects.get()
    assert batch.periods == ["2025-06", "2025-09"]
    ignored = {(i["kind"], i["value"]): i["cells"] for i in batch.ignored_detail}
    count = "Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: Forventet antal"
    assert ignored[("column", count)] == 98 * 4 * 2
    assert ignored[("area", "Hele landet")] == 4 * 2 * 7
    assert ignored[("area", "Region Midtjylland")] == 4 * 2 * 7
    assert sum(ignored.values()) == batch.ignored == IGNORED
    # asked for the quarters the table offers, with the key
    method, path, body = standin.requests[-1]
    assert (method, path) == ("POST", "/v2/data/y30r21/json")
    # the yearly period 2024 is not a month the import stores
    assert body == {"area": "*", "period": ["2025QMAT02", "2025QMAT03"]}


def test_benchmark_api_and_page_show_the_ministry_benchmark(standin, api_for, client_for):
    from django.urls import reverse

    assert fetch()[0] == 0
    official = api_for("jc751").get("/api/v1/benchmark/751/").json()["official"]
    assert [o["group"] for o in official] == GROUPS
    total = official[0]
    assert total == {
        "group": "Ydelsesgrupper i alt",
        "period": "2025-09",
        "expected_share": 14.9,
        "actual_share": 14.0,
        "difference": 0.9,
        "rank": 28,
    }
    assert all(o["period"] == "2025-09" for o in official)
    assert all(o[f] is not None for o in official for f in ("expected_share", "rank"))
    laeso = api_for("staff").get("/api/v1/benchmark/825/").json()["official"]
    sick = next(o for o in laeso if o["group"] == "Sygedagpenge mv.")
    assert sick["expected_share"] is None and sick["rank"] is None
    html = client_for("jc751").get(reverse("benchmarks:page", args=[751])).content.decode()
    assert "Ministeriets benchmark" in html and "14,90" in html and "nr. 28" in html


def test_official_benchmark_is_the_latest_quarter_up_to_the_month(standin):
    from benchmarks.selectors.benchmark import official_benchmark
    from indicators.models import Municipality

    assert fetch()[0] == 0
    aarhus = Municipality.objects.get(code=751)
    figures = official_benchmark(municipality=aarhus, period=datetime.date(2025, 8, 1))
    assert {f.period for f in figures} == {datetime.date(2025, 6, 1)}
    assert official_benchmark(municipality=aarhus, period=datetime.date(2025, 5, 1)) == []


def test_second_run_fetches_nothing_and_fails_nothing(standin):
    from indicators.models import ImportBatch

    assert fetch()[0] == 0
    standin.requests.clear()
    code, out, err = fetch()
    assert code == 0
    assert out == "table=y30r21 created=0 updated=0 unchanged=0 skipped=0 ignored=0\n"
    assert "ingen nye perioder" in err
    assert [r[0] for r in standin.requests] == ["GET"]  # the table's periods, no data
    assert ImportBatch.objects.count() == 1
    assert len(observations()) == ALL_CELLS


def test_given_periods_are_fetched_again_as_unchanged(standin):
    assert fetch("--table", "y30r21", "--periods", "2025QMAT03")[0] == 0
    code, out, _ = fetch("--table", "y30r21", "--periods", "2025QMAT03")
    assert code == 0
    assert out == (
        f"table=y30r21 created=0 updated=0 unchanged={ALL_CELLS // 2} skipped={AREA_ROWS // 2} "
        f"ignored={IGNORED // 2}\n"
    )
    assert standin.requests[-1][2]["period"] == ["2025QMAT03"]


def test_dry_run_stores_nothing(standin):
    code, out, _ = fetch("--dry-run")
    assert code == 0 and f"created={ALL_CELLS}" in out
    assert observations() == {}


@pytest.mark.parametrize(
    ("mode", "fragment"),
    [
        ("wrong-key", "jobindsats afviste API-nøglen (HTTP 401): ret JOBINDSATS_API_KEY"),
        ("429", "HTTP 429"),
        ("garbage", "ugyldig JSON"),
    ],
)
def test_failures_exit_1_with_a_danish_message_and_store_nothing(standin, settings, mode, fragment):
    from indicators.models import ImportBatch

    if mode == "wrong-key":
        settings.JOBINDSATS_API_KEY = "wrong-key"
    else:
        standin.mode = mode
    code, out, err = fetch()
    assert code == 1
    assert out == ""
    assert err.startswith("Hentningen fra jobindsats mislykkedes: ")
    assert fragment in err and err.rstrip().endswith("Intet er gemt.")
    assert observations() == {}
    assert list(ImportBatch.objects.values_list("status", flat=True)) == ["failed"]


def test_unknown_table_is_refused(standin):
    code, _, err = fetch("--table", "a02x")
    assert code == 1 and "ikke i målingskortet" in err
    assert standin.requests == []


def test_the_scheduled_task_calls_the_same_service(standin):
    from indicators.tasks_jobindsats import jobindsats_fetch_new_task

    assert len(jobindsats_fetch_new_task()) == 1
    assert len(observations()) == ALL_CELLS
    assert jobindsats_fetch_new_task() == []


def test_a_rejected_answer_stores_nothing_and_keeps_the_reason(settings, tmp_path):
    import json

    from indicators.models import ImportBatch
    from tests.jobindsats_standin import Y30R21_DATA, Y30R21_TABLE

    [block] = json.loads(Y30R21_DATA.read_text("utf-8"))
    aarhus = next(i for i, r in enumerate(block["Data"]) if r[0] == "Aarhus")
    block["Data"][aarhus][6] = "fjorten"  # not a number: the whole fetch is refused
    bad = tmp_path / "y30r21.json"
    bad.write_text(json.dumps([block], ensure_ascii=False), "utf-8")
    with JobindsatsStandIn(key=KEY, tables={"y30r21": (Y30R21_TABLE, bad)}) as server:
        settings.JOBINDSATS_BASE_URL = server.url
        settings.JOBINDSATS_API_KEY = KEY
        code, out, err = fetch()
    assert code == 1 and out == ""
    assert "importen af tabellen y30r21 blev afvist (1 fejl" in err and "fjorten" in err
    assert observations() == {}
    failed = ImportBatch.objects.get()
    assert failed.status == "failed" and failed.errors[0]["row"] == aarhus + 2

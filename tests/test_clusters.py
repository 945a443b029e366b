"""jobindsats clusters (issue 16, point 4): a classification per benefit group loaded from a
file (all or nothing, Danish row errors, history), the cluster value of CONTRACT §6 against an
independent calculation, nothing changed without a classification, and who may load one."""

import datetime
import io
from collections import defaultdict

import pytest
from django.urls import reverse
from openpyxl import Workbook

from core.demo import DemoOptions
from indicators import clusters, services
from indicators.computation.inputs import geography_columns
from indicators.demo import seed_indicators
from indicators.models import Indicator, IndicatorValue, Municipality, MunicipalityCluster
from indicators.models import Observation as Obs

pytestmark = pytest.mark.django_db

END = datetime.date(2025, 6, 1)
ALL = "Ydelsesgrupper i alt"
KTH = "Kontanthjælp mv."
FIELDS = [
    "indicator_id",
    "municipality_id",
    "period",
    "value",
    "numerator",
    "denominator",
    "suppressed",
    "rank",
    "rank_of",
    "national_value",
    "region_value",
    "cluster_value",
    "change_3m",
    "change_12m",
    "expected",
    "residual",
    "peers",
    "milestone_reached",
]


def snapshot():
    return sorted(IndicatorValue.objects.values_list(*FIELDS), key=lambda r: r[:3])


def without_cluster(rows):
    i = FIELDS.index("cluster_value")
    return [r[:i] + r[i + 1 :] for r in rows]


def csv_file(rows, header="municipality;cluster"):
    return ("\ufeff" + header + "\n" + "\n".join(";".join(map(str, r)) for r in rows)).encode()


def independent_cluster_values(indicator, assignment):
    """{(code, period): s·ΣN/ΣD over the municipality's cluster members with N and D both
    present} from the observations, written without the engine."""
    obs = defaultdict(dict)
    for measure_id, code, period, value in Obs.objects.filter(
        measure_id__in=[indicator.numerator_id, indicator.denominator_id]
    ).values_list("measure_id", "municipality_id", "period", "value"):
        obs[(code, period)][measure_id] = value
    periods = {p for (_, p) in obs}
    members = defaultdict(list)
    for code, name in assignment.items():
        members[name].append(code)
    out = {}
    for period in periods:
        for codes in members.values():
            n_sum = d_sum = 0.0
            for code in codes:
                cell = obs.get((code, period), {})
                n, d = cell.get(indicator.numerator_id), cell.get(indicator.denominator_id)
                if n is not None and d is not None:
                    n_sum += n
                    d_sum += d
            value = indicator.scale * n_sum / d_sum if d_sum else None
            for code in codes:
                out[(code, period)] = value
    return out


def test_cluster_value_equals_an_independent_calculation_and_nothing_else_changes():
    seed_indicators(DemoOptions(seed=3, months=6, end=END, password="x"))
    before = snapshot()
    assert before and all(r[FIELDS.index("cluster_value")] is None for r in before)

    codes = sorted(Municipality.objects.values_list("code", flat=True))
    # All benefit groups: four clusters by position; Kontanthjælp: three, 860 left out.
    everyone = {code: f"Klynge {i % 4 + 1}" for i, code in enumerate(codes)}
    kth = {code: f"K{i % 3}" for i, code in enumerate(codes) if code != 860}
    clusters.clusters_load(
        data=csv_file(everyone.items()), file_name="alle.csv", group=ALL, by=None
    )
    clusters.clusters_load(
        data=csv_file([(c, n, KTH) for c, n in kth.items()], "municipality;cluster;group"),
        file_name="kth.csv",
    )
    share = Indicator.objects.get(code="jobandel")
    share.benefit_group = KTH
    share.save()
    services.indicators_compute()

    after = snapshot()
    assert without_cluster(after) == without_cluster(before)  # only the cluster value moves
    checked = 0
    for indicator in Indicator.objects.exclude(denominator=None):
        assignment = kth if indicator.code == "jobandel" else everyone
        expected = independent_cluster_values(indicator, assignment)
        for code, period, value in IndicatorValue.objects.filter(indicator=indicator).values_list(
            "municipality_id", "period", "cluster_value"
        ):
            want = expected.get((code, period))
            if want is None:
                assert value is None, (indicator.code, code, period)
            else:
                assert value == pytest.approx(want, rel=1e-12), (indicator.code, code, period)
                checked += 1
    assert checked > 1000
    # 860 has no cluster for Kontanthjælp mv.: null on every row of that indicator.
    assert set(
        IndicatorValue.objects.filter(indicator=share, municipality_id=860).values_list(
            "cluster_value", flat=True
        )
    ) == {None}
    # The values API carries it as an extra field.
    row = IndicatorValue.objects.filter(indicator=share, municipality_id=751).first()
    assert row.cluster_value is not None

    # Removing the classifications brings back exactly the figures from before.
    assert clusters.clusters_clear(group=ALL) == 98
    assert clusters.clusters_clear(group=KTH) == 97
    services.indicators_compute()
    assert snapshot() == before


def test_api_values_rows_carry_cluster_value(api_for):
    seed_indicators(DemoOptions(seed=3, months=2, end=END, password="x"))
    clusters.clusters_load(
        data=csv_file([(751, "A"), (101, "A"), (147, "B")]), file_name="k.csv", group=ALL
    )
    services.indicators_compute()
    row = IndicatorValue.objects.get(indicator__code="jobandel", municipality_id=751, period=END)
    answer = api_for("jc751").get(
        "/api/v1/values/", {"indicator": "jobandel", "municipality": 751, "period": "2025-06"}
    )
    assert answer.status_code == 200
    (result,) = answer.json()["results"]
    assert result["cluster_value"] == row.cluster_value
    assert result["cluster_value"] is not None
    assert result["region_value"] == row.region_value  # contract fields stay


def test_file_rules_all_or_nothing_with_danish_row_errors(client_for):
    clusters.clusters_load(data=csv_file([(751, "Klynge 1")]), file_name="a.csv", group=ALL)
    history = MunicipalityCluster.history.count()
    bad = csv_file(
        [
            (751, "Klynge 2", ALL),
            ("Atlantis", "Klynge 2", ALL),
            ("Hele landet", "Klynge 2", ALL),
            (101, "", ALL),
            (147, "Klynge 1", "Pension"),
            ("0751", "Klynge 3", "ydelsesgrupper  i alt"),
        ],
        "municipality;cluster;group",
    )
    with pytest.raises(clusters.ClusterFileError) as caught:
        clusters.clusters_load(data=bad, file_name="b.csv")
    assert [str(e) for e in caught.value.errors] == [
        "række 3, kolonne municipality: ukendt kommune »Atlantis« (brug kommunekode eller navn)",
        "række 4, kolonne municipality: »Hele landet« er ikke en kommune "
        "(kun de 98 kommuner kan importeres)",
        "række 5, kolonne cluster: klyngen mangler",
        "række 6, kolonne group: ukendt ydelsesgruppe »Pension« (brug »Ydelsesgrupper i alt«, "
        "»A-dagpenge mv.«, »Sygedagpenge mv.«, »Kontanthjælp mv.«)",
        "række 7, kolonne municipality: kommunen står også i række 2 (Ydelsesgrupper i alt)",
    ]
    assert list(MunicipalityCluster.objects.values_list("municipality_id", "cluster")) == [
        (751, "Klynge 1")
    ]
    assert MunicipalityCluster.history.count() == history

    # The same file on the page: 400, the rows listed in Danish, nothing stored.
    upload = io.BytesIO(bad)
    upload.name = "b.csv"
    response = client_for("staff").post(
        reverse("indicators:cluster_classification"), {"file": upload}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "ukendt kommune »Atlantis«" in text and "klyngen mangler" in text
    assert "intet er gemt" in text
    assert MunicipalityCluster.objects.get().cluster == "Klynge 1"

    # A header that is not ours, a JSON file and a file without a group: one message each.
    for data, name, message in [
        (b"kommune;klynge\n751;A\n", "c.csv", "forkert overskriftsrække"),
        (b"{}", "c.json", "en klyngeinddeling skal være en CSV- eller XLSX-fil"),
        (csv_file([(751, "A")]), "c.csv", "ydelsesgruppen mangler"),
    ]:
        with pytest.raises(clusters.ClusterFileError) as caught:
            clusters.clusters_load(data=data, file_name=name)
        assert message in str(caught.value)
    assert MunicipalityCluster.objects.count() == 1


def test_xlsx_upload_replaces_the_group_with_history(client_for, users):
    clusters.clusters_load(
        data=csv_file([(751, "Gammel"), (101, "Gammel")]), file_name="a.csv", group=KTH
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Municipality", "Cluster"])
    sheet.append([751, 3])  # a number cell: cluster "3"
    sheet.append(["Aarhus Kommune", None])  # no cluster
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "klynger.xlsx"
    client = client_for("staff")
    response = client.post(
        reverse("indicators:cluster_classification"), {"file": buffer, "group": KTH}
    )
    assert response.status_code == 400  # row 3 has no cluster
    assert "klyngen mangler" in response.content.decode()

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["municipality", "cluster"])
    sheet.append([751, 3])
    sheet.append(["Odense", "3"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "klynger.xlsx"
    response = client.post(
        reverse("indicators:cluster_classification"), {"file": buffer, "group": KTH}
    )
    assert response.status_code == 302
    assert dict(
        MunicipalityCluster.objects.filter(group=KTH).values_list("municipality_id", "cluster")
    ) == {751: "3", 461: "3"}
    changes = MunicipalityCluster.history.filter(group=KTH, municipality_id=751).order_by(
        "history_date"
    )
    assert [(h.history_type, h.cluster) for h in changes] == [("+", "Gammel"), ("~", "3")]
    assert changes.last().history_user == users["staff"]
    assert MunicipalityCluster.history.filter(municipality_id=101, history_type="-").exists()
    page = client.get(reverse("indicators:cluster_classification")).content.decode()
    assert "Aarhus, Odense" in page


@pytest.mark.parametrize("role", ["jc751", "jc101", "steering", "akasse"])
def test_only_star_staff_load_classifications(client_for, role):
    client = client_for(role)
    assert client.get(reverse("indicators:cluster_classification")).status_code == 403
    upload = io.BytesIO(csv_file([(751, "A")]))
    upload.name = "a.csv"
    response = client.post(
        reverse("indicators:cluster_classification"), {"file": upload, "group": ALL}
    )
    assert response.status_code == 403
    response = client.post(reverse("indicators:cluster_clear"), {"group": ALL})
    assert response.status_code == 403
    assert not MunicipalityCluster.objects.exists()


def test_classification_is_reference_data_in_the_api(api_for, client):
    clusters.clusters_load(
        data=csv_file(
            [(751, "Klynge 2", KTH), (101, "Klynge 1", KTH), (751, "S", ALL)],
            "municipality;cluster;group",
        ),
        file_name="a.csv",
    )
    answer = api_for("jc101").get("/api/v1/clusters/", {"group": KTH})
    assert answer.status_code == 200
    assert [(r["municipality"], r["cluster"]) for r in answer.json()["results"]] == [
        (101, "Klynge 1"),
        (751, "Klynge 2"),
    ]
    municipality = api_for("jc751").get("/api/v1/municipalities/751/").json()
    assert municipality["cluster"] == "S"
    assert municipality["clusters"] == {ALL: "S", KTH: "Klynge 2"}
    assert client.get("/api/v1/clusters/").status_code == 401
    assert api_for("staff").post("/api/v1/clusters/", {}).status_code == 405


def test_geography_columns_per_benefit_group():
    codes, regions, by_group = geography_columns(
        [(101, 1084), (147, 1084), (751, 1082)],
        [(KTH, 751, "B"), (KTH, 101, "A"), (ALL, 147, "X"), (KTH, 999, "A")],
    )
    assert codes == [101, 147, 751] and regions == [1084, 1084, 1082]
    assert by_group == {ALL: [-1, 0, -1], KTH: [0, -1, 1]}

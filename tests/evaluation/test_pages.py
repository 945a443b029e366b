"""Evaluation pages: a manager sees his site and the anonymous average, 404 for another site;
the cohort comparison at equal time since start is shown and explained; scores are entered by
STAR or by the site's municipality while the round is open; a bad score file is refused with a
message per row and nothing stored; the results download as XLSX."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from benchmarks.evaluation import selectors
from benchmarks.models import EvaluationScore
from tests.evaluation_data import expected_score, make_evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture
def ev(users):
    return make_evaluation()


def test_manager_sees_his_site_and_the_average_and_404_for_another_site(ev, client_for):
    client = client_for("jc751")
    page = client.get(ev.site_751.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Forsøg Aarhus" in text and 'id="eval-radar"' in text
    assert "Gns. alle forsøg" in text
    for other in ("Forsøg Greve", "Forsøg Aalborg", "Forsøg Østmarken"):
        assert other not in text
    for name in ("Forsøg Greve", "Forsøg Aalborg", "Forsøg Østmarken"):
        assert client.get(ev.sites[name].get_absolute_url()).status_code == 404
    assert client_for("jc101").get(ev.site_751.get_absolute_url()).status_code == 404
    overview = client.get(ev.evaluation.get_absolute_url()).content.decode()
    assert "Forsøg Aarhus" in overview and "Forsøg Greve" not in overview


def test_average_and_site_figures_for_a_manager(ev, users):
    results = selectors.results_for(evaluation=ev.evaluation, user=users["jc751"])
    assert [s.name for s in results.sites] == ["Forsøg Aarhus"]
    round2, area = ev.rounds[2], ev.areas[1]
    assert results.attainment[(ev.site_751.pk, round2.pk, area.pk)] == expected_score(
        "Forsøg Aarhus", 2, 1
    )
    # All four sites in the average (3 besides his own: anonymous).
    assert results.average[(round2.pk, area.pk)] == pytest.approx((20 + 30 + 40 + 50) / 4 + 21)
    assert not any(key[0] != ev.site_751.pk for key in results.scores)


def test_cohort_comparison_at_equal_time_since_start_is_explained(ev, client_for, users):
    results = selectors.results_for(evaluation=ev.evaluation, user=users["staff"])
    first, last = ev.cohorts
    points = {c.pk: [(p.months, p.value) for p in results.cohort_points[c.pk]] for c in ev.cohorts}
    assert points[first.pk] == [(0, 26.5), (12, 36.5), (18, 46.5)]
    assert points[last.pk] == [(0, 46.5), (6, 56.5), (12, 66.5)]
    comparison = selectors.cohort_comparison(results)["comparisons"][0]
    rows = {r["months"]: r for r in comparison["rows"]}
    assert rows[6]["reference"] == pytest.approx(31.5) and rows[6]["interpolated"]
    assert rows[12]["reference"] == pytest.approx(36.5) and not rows[12]["interpolated"]
    assert rows[12]["difference"] == pytest.approx(30)
    sentence = comparison["sentence"]
    assert sentence.startswith("12 måneder efter start (Runde 2) havde Sidste kohorte")
    assert "Første kohorte havde efter lige så lang tid nået" in sentence
    assert "30 procentpoint længere" in sentence
    page = client_for("staff").get(ev.evaluation.get_absolute_url()).content.decode()
    assert "Kohorte mod kohorte ved samme tid efter start" in page
    assert "30 procentpoint længere" in page and 'id="eval-cohorts"' in page


def test_cohort_average_not_anonymous_for_a_manager_is_hidden(ev, users):
    results = selectors.results_for(evaluation=ev.evaluation, user=users["jc751"])
    first, last = ev.cohorts
    # His cohort has one other site: its average would reveal Greve's scores.
    assert all(p.value is None for p in results.cohort_points[first.pk])
    assert [p.value for p in results.cohort_points[last.pk]] == [46.5, 56.5, 66.5]


def test_municipality_enters_scores_only_while_the_round_is_open(ev, client_for):
    open_url = reverse("benchmarks:evaluation_scores", args=[ev.site_751.pk, 2])
    closed_url = reverse("benchmarks:evaluation_scores", args=[ev.site_751.pk, 1])
    area = ev.areas[0]
    client = client_for("jc751")
    form = client.get(open_url).content.decode()
    assert 'value="40.0"' in form  # his stored score, unlocalised for the number input
    assert "Punkt 1a" in form  # the area's measurement points
    assert client.get(closed_url).status_code == 403
    assert client.post(closed_url, {f"score_{area.pk}": "99"}).status_code == 403
    response = client.post(open_url, {f"score_{area.pk}": "77,5".replace(",", ".")})
    assert response.status_code == 302
    stored = EvaluationScore.objects.get(site=ev.site_751, round=ev.rounds[2], area=area)
    assert stored.score == 77.5 and stored.entered_by.username == "jc751"
    # Out of scale: refused with the scale in the message, nothing changed.
    response = client.post(open_url, {f"score_{area.pk}": "120"})
    assert response.status_code == 200 and "100" in response.content.decode()
    stored.refresh_from_db()
    assert stored.score == 77.5
    assert client_for("jc101").get(open_url).status_code == 404
    assert client_for("steering").get(open_url).status_code == 403
    # STAR staff correct a closed round.
    assert client_for("staff").post(closed_url, {f"score_{area.pk}": "12"}).status_code == 302
    assert EvaluationScore.objects.get(site=ev.site_751, round=ev.rounds[1], area=area).score == 12


BAD_FILE = (
    "område;score;bemærkning\n"
    "Indsatsen 1;50;ok\n"
    "Ukendt område;40;\n"
    "Indsatsen 2;abc;\n"
    "Organisering 1;120;\n"
    "Indsatsen 1;30;\n"
    "Organisering 2;;\n"
)


def _upload(client, site, number, text, name="scorer.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("benchmarks:evaluation_scores_import", args=[site.pk, number])
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(url, {"file": upload})


def test_invalid_score_file_is_refused_with_a_danish_message_per_row_and_nothing_stored(
    ev, client_for
):
    before = sorted(EvaluationScore.objects.values_list("pk", "score", "comment"))
    response = _upload(client_for("jc751"), ev.site_751, 2, BAD_FILE)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Intet er gemt" in text
    for message in (
        "række 3, kolonne område: ukendt område »Ukendt område« i rammen",
        "række 4, kolonne score: »abc« er ikke et tal",
        "række 5, kolonne score: scoren 120 ligger uden for skalaen 0–100",
        "række 6, kolonne område: området »Indsatsen 1« står også i række 2",
        "række 7, kolonne score: scoren mangler",
    ):
        assert message in text, message
    assert sorted(EvaluationScore.objects.values_list("pk", "score", "comment")) == before


def test_valid_score_file_with_decimal_comma_is_stored(ev, client_for):
    good = "Område,Score\n" + "".join(f'"{a.name}","6{i},5"\n' for i, a in enumerate(ev.areas))
    response = _upload(client_for("jc751"), ev.site_751, 2, good)
    assert response.status_code == 302
    stored = dict(
        EvaluationScore.objects.filter(site=ev.site_751, round=ev.rounds[2]).values_list(
            "area__name", "score"
        )
    )
    assert stored == {a.name: 60.5 + i for i, a in enumerate(ev.areas)}


def test_results_xlsx_holds_only_what_the_user_may_see(ev, client_for):
    response = client_for("jc751").get(
        reverse("benchmarks:evaluation_export", args=[ev.evaluation.slug])
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sites = {row[0] for row in book["Forsøg"].iter_rows(min_row=2, values_only=True)}
    assert sites == {"Forsøg Aarhus"}
    average = list(book["Gennemsnit"].iter_rows(values_only=True))
    assert average[0] == ("Område", "Nulpunktsmåling", "Runde 1", "Runde 2")
    assert average[1][3] == pytest.approx(35 + 20)


def test_akasse_sees_no_evaluation_menu_item_and_403_on_the_list(users, client_for):
    """Evaluations are about municipal sites: an a-kasse's user is refused (CONTRACT §7)."""
    from core.navigation import main_navigation

    labels = {
        role: [str(i["label"]) for i in main_navigation(users[role])]
        for role in ("akasse", "jc751")
    }
    assert "Evalueringer" not in labels["akasse"]
    assert "Evalueringer" in labels["jc751"]
    assert client_for("akasse").get(reverse("benchmarks:evaluation_list")).status_code == 403
    assert client_for("jc751").get(reverse("benchmarks:evaluation_list")).status_code == 200

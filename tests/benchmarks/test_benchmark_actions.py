""" "Hvad kan I gøre" on /benchmark/{code}/ (issue 18, point 3): the figures that are worse than
expected or not on track, the levers of their reform with evidence, the reform page, a question
to STAR prefilled with the figure, and the municipality's STAR contact."""

import datetime
import html
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from benchmarks.models import MunicipalTarget
from benchmarks.selectors.actions import benchmark_actions
from benchmarks.selectors.benchmark import benchmark_for
from benchmarks.selectors.summary import benchmark_summary
from core.levers import LeverType
from indicators.models import IndicatorValue, Municipality
from reforms.models import Lever, MunicipalityContact, Office, Person
from tests.benchmark_data import END, make_indicator, make_reform

pytestmark = pytest.mark.django_db


def _row(indicator, *, value, expected, code=751):
    return IndicatorValue(
        indicator=indicator,
        municipality_id=code,
        period=END,
        value=value,
        expected=expected,
        residual=None if value is None or expected is None else value - expected,
    )


@pytest.fixture
def aarhus():
    """751 in END: s1 better, s2 better but off its target (lower is better), s3 worse; a
    second reform's s4 as expected. Two levers of the first reform, one of the second."""
    reform = make_reform()
    other = make_reform(slug="anden-reform", name="Anden reform")
    s1 = make_indicator("act_1", reform=reform, name="Beskæftigede i pct.")
    s2 = make_indicator(
        "act_2",
        reform=reform,
        name="Kontanthjælpsmodtagere pr. 1.000",
        direction="lower_is_better",
        unit="pr. 1.000",
    )
    s3 = make_indicator("act_3", reform=reform, name="Selvforsørgede i pct.")
    s4 = make_indicator("act_4", reform=other, name="Fleksjob i pct.")
    IndicatorValue.objects.bulk_create(
        [
            _row(s1, value=60.0, expected=50.0),
            _row(s2, value=43.0, expected=50.0),
            _row(s3, value=20.0, expected=30.0),
            _row(s4, value=10.0, expected=10.1),
        ]
    )
    MunicipalTarget.objects.create(
        municipality_id=751,
        indicator=s2,
        baseline_period=datetime.date(2025, 1, 1),
        baseline_value=45.0,
        target_value=20.0,
        target_date=datetime.date(2027, 11, 1),
    )
    Lever.objects.create(
        reform=reform,
        type=LeverType.NETWORKS,
        name="Erfaringsnetværk",
        evidence="Kommunerne fremhæver udbyttet af at udveksle erfaringer.",
        used_share=None,
        top3_share=None,
    )
    Lever.objects.create(
        reform=reform,
        type=LeverType.COMPETENCE,
        name="Kompetenceløft af sagsbehandlere",
        evidence="Virker bedst med supervision bagefter.",
        source="VIVE 2024",
        used_share=62,
        top3_share=41,
    )
    Lever.objects.create(reform=other, type=LeverType.GOALS, name="Klare mål")
    office = Office.objects.create(code="amk-x", name="Arbejdsmarkedskontor X", kind="amk")
    person = Person.objects.create(name="Hanne Bech", email="hanne@star.example", office=office)
    MunicipalityContact.objects.create(municipality_id=751, person=person)
    return Municipality.objects.get(code=751)


def test_worse_and_off_track_figures_get_their_reforms_levers_and_a_prefilled_question(aarhus):
    benchmark = benchmark_for(municipality=aarhus)
    actions = benchmark_actions(benchmark, benchmark_summary(benchmark))
    [group] = actions.groups  # the other reform's figure is as expected: no group
    assert group.reform.slug == "beskaeftigelsesreformen"
    assert group.page_url == "/reforms/beskaeftigelsesreformen/page/"
    assert [(f.indicator.code, f.reasons) for f in group.figures] == [
        ("act_2", ["Ikke på sporet"]),
        ("act_3", ["Dårligere end forventet"]),
    ]
    # The lever with evidence figures first; shares said in words.
    assert [lever.name for lever in group.levers] == [
        "Kompetenceløft af sagsbehandlere",
        "Erfaringsnetværk",
    ]
    assert group.levers[0].evidence_text == (
        "Brugt af 62 % af kommunerne; 41 % regner det blandt de tre vigtigste greb."
    )
    assert group.levers[1].evidence_text == ""
    url = urlsplit(group.figures[1].question_url)
    assert url.path == "/reforms/beskaeftigelsesreformen/questions/new/"
    assert parse_qs(url.query) == {
        "indicator": ["act_3"],
        "period": ["2025-06"],
        "value": ["20,0 pct."],
        "municipality": ["751"],
    }
    assert actions.contact.person.name == "Hanne Bech"
    # Without the right to ask there is no question link.
    quiet = benchmark_actions(benchmark, benchmark_summary(benchmark), can_ask=False)
    assert [f.question_url for f in quiet.groups[0].figures] == [None, None]


def test_page_shows_actions_and_the_link_opens_a_prefilled_question(aarhus, client_for):
    client = client_for("jc751")
    page = client.get(reverse("benchmarks:page", args=[751])).content.decode()
    section = page[page.index('id="benchmark-actions"') :]
    section = section[: section.index("</section>")]
    # Right under the summary, above the month selector.
    assert page.index('id="benchmark-summary"') < page.index('id="benchmark-actions"')
    assert page.index('id="benchmark-actions"') < page.index('id="id_period"')
    assert "Hvad kan I gøre" in section
    assert 'data-action-figure="act_2"' in section and 'data-action-figure="act_3"' in section
    assert 'data-action-figure="act_1"' not in section
    assert "Kompetenceløft af sagsbehandlere" in section and "VIVE 2024" in section
    assert 'href="/reforms/beskaeftigelsesreformen/page/"' in section
    assert section.count("Stil et spørgsmål til STAR") == 2
    assert "Jeres kontakt i STAR: Hanne Bech" in section
    assert 'href="mailto:hanne@star.example"' in section

    link = html.unescape(section.split('href="/reforms/beskaeftigelsesreformen/questions/new/')[2])
    link = "/reforms/beskaeftigelsesreformen/questions/new/" + link.split('"')[0]
    form = client.get(link)
    assert form.status_code == 200
    text = form.content.decode()
    assert 'value="Selvforsørgede i pct. i juni 2025"' in text
    assert "Vores tal for Selvforsørgede i pct. i juni 2025 er 20,0 pct." in text
    # Another reform's indicator, a broken month or a multi-line value prefill nothing.
    for query in (
        "indicator=act_4&period=2025-06&value=1",
        "indicator=act_3&period=2025-13&value=1",
    ):
        bad = client.get(f"/reforms/beskaeftigelsesreformen/questions/new/?{query}")
        assert "Vores tal for" not in bad.content.decode()
    multi = client.get(
        "/reforms/beskaeftigelsesreformen/questions/new/?indicator=act_3&period=2025-06"
        "&value=1%0D%0ABcc%3A%20x"
    ).content.decode()
    assert "Vores tal for" not in multi and "Om Selvforsørgede i pct. i juni 2025" in multi


def test_steering_reads_actions_without_question_links(aarhus, client_for):
    page = client_for("steering").get(reverse("benchmarks:page", args=[751])).content.decode()
    assert 'data-action-figure="act_3"' in page
    assert "Stil et spørgsmål til STAR" not in page
    staff = client_for("staff").get(reverse("benchmarks:page", args=[751])).content.decode()
    assert staff.count("Stil et spørgsmål til STAR") == 2


def test_nothing_worse_is_an_empty_state_with_the_contact(aarhus, client_for):
    IndicatorValue.objects.filter(indicator__code="act_3").update(value=31.0)
    MunicipalTarget.objects.all().delete()
    page = client_for("jc751").get(reverse("benchmarks:page", args=[751])).content.decode()
    assert 'data-testid="actions-empty"' in page
    assert "Ingen sigtelinjer er dårligere end forventet eller ikke på sporet" in page
    assert "data-action-figure" not in page
    assert "Jeres kontakt i STAR: Hanne Bech" in page


def test_no_contact_says_where_to_ask(aarhus, client_for):
    MunicipalityContact.objects.all().delete()
    page = client_for("jc751").get(reverse("benchmarks:page", args=[751])).content.decode()
    assert "Kommunen har endnu ingen kontaktperson i STAR" in page


def test_another_municipality_and_the_akasse_get_no_actions(aarhus, client_for):
    assert client_for("jc101").get(reverse("benchmarks:page", args=[751])).status_code == 404
    assert client_for("akasse").get(reverse("benchmarks:page", args=[751])).status_code == 403


def test_levers_beyond_the_first_ones_wait_behind_a_click(aarhus, client_for, monkeypatch):
    from benchmarks.selectors import actions

    monkeypatch.setattr(actions, "LEVERS_SHOWN", 1)
    page = client_for("jc751").get(reverse("benchmarks:page", args=[751])).content.decode()
    section = page[page.index('id="benchmark-actions"') :]
    shown, more = section.split('<details class="star-actions__more">', 1)
    assert "Kompetenceløft af sagsbehandlere" in shown and "Erfaringsnetværk" not in shown
    assert "1 greb mere fra grebsbanken" in more and "Erfaringsnetværk" in more

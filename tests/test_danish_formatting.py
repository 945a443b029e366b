"""One Danish formatting layer (issue 17): one date style, one month style, counts without
decimals, municipalities by their official names, "Alle" in filters; and the benchmark page
that uses it: counts are not ranked or drawn against national totals, the month's report is one
click away, and the steering group is offered no action it may not take."""

import datetime
import json
import re

import pytest
from django.utils import timezone, translation

from core.formatting import da_count, da_date, da_datetime, da_month, municipality_name
from tests.benchmark_data import END, fill_values, make_indicator, make_reform

pytestmark = pytest.mark.django_db


def test_one_date_style_and_one_month_style():
    assert da_date(datetime.date(2026, 12, 6)) == "6. dec. 2026"
    assert da_date(datetime.date(2026, 5, 1)) == "1. maj 2026"
    assert da_month(datetime.date(2026, 11, 1)) == "nov. 2026"
    assert da_month(datetime.date(2026, 3, 1)) == "marts 2026"
    moment = timezone.make_aware(datetime.datetime(2026, 12, 6, 13, 5))
    assert da_datetime(moment) == "6. dec. 2026 13:05"
    # The same in the worker, whatever language is active.
    with translation.override("en"):
        assert da_date(datetime.date(2026, 12, 6)) == "6. dec. 2026"
    assert da_date(None) == da_month(None) == "–"


def test_templates_use_the_same_styles():
    from django.template import Context, Template

    with translation.override("da"):
        html = Template(
            '{{ d|date }}|{{ d|date:"YEAR_MONTH_FORMAT" }}|{% load benchmark_tags %}'
            '{{ d|month_name }}|{{ "2026-11"|period_label }}'
        ).render(Context({"d": datetime.date(2026, 11, 6)}))
    assert html == "6. nov. 2026|nov. 2026|nov. 2026|nov. 2026"


def test_counts_have_thousand_separators_and_no_decimals():
    assert da_count(3707.0) == "3.707"
    assert da_count(49487) == "49.487"
    assert da_count(None) == "–"


def test_municipalities_by_their_official_names():
    assert municipality_name("København") == "Københavns Kommune"
    assert municipality_name("Aarhus") == "Aarhus Kommune"
    assert municipality_name("Bornholm") == "Bornholms Regionskommune"
    from indicators.models import Municipality

    assert Municipality.objects.get(code=101).official_name == "Københavns Kommune"


def test_filters_offer_alle_not_dashes_or_ukendt(client_for):
    page = client_for("staff").get("/measures/").content.decode()
    assert "---------" not in page and "Ukendt" not in page
    assert re.search(r'<option value=""[^>]*>Alle</option>', page), page


@pytest.fixture
def count_and_rate():
    reform = make_reform()
    rate = make_indicator("fmt_rate", reform=reform)
    count = make_indicator("fmt_count", reform=reform, kind="implementation", unit="personer")
    count.denominator = None
    count.save()
    fill_values([rate, count], months=4)
    return rate, count


def test_a_count_is_shown_as_a_count(client_for, count_and_rate):
    _rate, count = count_and_rate
    page = client_for("jc101").get("/benchmark/101/").content.decode()
    assert "Benchmark for Københavns Kommune" in page
    figure = page[page.index('id="figur-fmt_count"') :]
    figure = figure[: figure.index("</article>")]
    value = re.search(r'data-testid="value-fmt_count">\s*([^<]+)<', figure).group(1).strip()
    assert "," not in value, value  # no decimals on a count
    assert "Placering" not in figure and "Ranglisten" not in figure
    charts = json.loads(
        re.search(r'id="benchmark-chart-data" type="application/json">(.*?)</script>', page).group(
            1
        )
    )
    assert charts["fmt_count"]["decimals"] == 0
    assert charts["fmt_count"]["national"] is None and charts["fmt_count"]["peer_min"] is None
    assert charts["fmt_rate"]["national"] is not None
    assert charts["fmt_rate"]["labels"][-1] == da_month(END)


def test_the_months_report_button_links_the_report_by_its_id(client_for, count_and_rate):
    from benchmarks.reports.models import Report, ReportBatch

    page = client_for("jc751").get("/benchmark/751/").content.decode()
    assert "Hent månedens rapport (PDF)" not in page  # no report yet
    batch = ReportBatch.objects.create(period=END)
    report = Report.objects.create(
        batch=batch, municipality_id=751, period=END, state=Report.State.DONE, file="x.pdf"
    )
    page = client_for("jc751").get("/benchmark/751/").content.decode()
    assert f'href="/rapporter/{report.pk}/pdf/">Hent månedens rapport (PDF)' in page


def test_the_steering_group_is_not_offered_to_create_risks(client_for, count_and_rate):
    steering = client_for("steering").get("/benchmark/oversigt/").content.decode()
    staff = client_for("staff").get("/benchmark/oversigt/").content.decode()
    assert "/risks/new/" not in steering
    assert "Tidlig varsling" in steering
    if "Opret risiko" in staff:  # only where the demo data raise a warning
        assert "/risks/new/" in staff


def test_generic_detail_values_in_danish_formats():
    from core.templatetags.star import display_value

    assert display_value(378361) == "378.361"
    assert display_value(2026) == "2026"  # a year, four digits
    assert display_value(100.0) == "100"
    assert display_value(12.25) == "12,3"
    assert display_value([]) == "–" and display_value(None) == "–"
    assert display_value(["2026-10", "2026-11"]) == "2026-10, 2026-11"
    with translation.override("da"):
        assert display_value(True) == "Ja"
        assert display_value(datetime.date(2026, 12, 6)) == "6. dec. 2026"

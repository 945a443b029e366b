"""Period filters and fields: one parser (core.periods) with the import's rules; any junk in a
`?period=` is a Danish 400 in the API and a Danish message on the page, never a 500 and never
the user's text used as a format string (issue 21.4)."""

import datetime

import pytest

from core.periods import (
    PeriodError,
    PeriodFormField,
    PeriodSerializerField,
    month_label,
    parse_period,
)

pytestmark = pytest.mark.django_db

JUNK = ["%", "%s%s%s", "%(text)s", "0000-01", "2024-13", "2024-00", "januar 2024", "2024-01-01"]


@pytest.mark.parametrize("endpoint", ["/api/v1/values/", "/api/v1/reports/"])
@pytest.mark.parametrize("junk", JUNK)
@pytest.mark.parametrize("role", ["staff", "jc751"])
def test_junk_period_filter_is_a_danish_400(api_for, users, endpoint, junk, role):
    response = api_for(role).get(endpoint, {"period": junk})
    assert response.status_code == 400, response.content
    [message] = response.json()["period"]
    assert "periode" in message, message  # Danish: "ugyldig periode »…«" / "… i perioden …"
    assert f"»{junk}«" in message


@pytest.mark.parametrize("junk", ["%", "%s%s%s", "0000-01"])
def test_junk_period_on_the_report_archive_page_is_a_danish_message(client_for, users, junk):
    response = client_for("staff").get("/rapporter/", {"period": junk})
    assert response.status_code == 200
    assert f"»{junk}«" in response.content.decode()


def test_a_good_period_still_filters(api_for, users):
    assert api_for("staff").get("/api/v1/values/", {"period": "2024-06"}).status_code == 200
    assert api_for("staff").get("/api/v1/reports/", {"period": "2024M06"}).status_code == 200


def test_the_parser_has_the_import_rules():
    assert parse_period("2024-06") == datetime.date(2024, 6, 1)
    assert parse_period("2024-6") == datetime.date(2024, 6, 1)
    assert parse_period("2024M06") == datetime.date(2024, 6, 1)
    assert parse_period("2024QMAT02") == datetime.date(2024, 6, 1)
    assert parse_period("2024Q4") == datetime.date(2024, 12, 1)
    assert parse_period(datetime.datetime(2024, 6, 17, 8)) == datetime.date(2024, 6, 1)
    with pytest.raises(PeriodError, match="perioden mangler"):
        parse_period("  ")
    with pytest.raises(PeriodError, match="ugyldigt kvartal"):
        parse_period("2024QMAT05")
    with pytest.raises(PeriodError, match="ugyldig måned i perioden »1899-12«"):
        parse_period("1899-12")
    with pytest.raises(PeriodError, match="ugyldig periode"):
        parse_period("٢٠٢٤-01")  # Arabic-Indic digits are not a year


def test_form_field_and_serializer_field_share_the_parser():
    field = PeriodFormField(required=False)
    assert field.clean("2024M02") == datetime.date(2024, 2, 1)
    assert field.clean("") is None
    assert field.prepare_value(datetime.date(2024, 2, 1)) == "2024-02"
    api_field = PeriodSerializerField()
    assert api_field.to_representation(datetime.date(2024, 2, 1)) == "2024-02"
    assert api_field.to_internal_value("2024-02") == datetime.date(2024, 2, 1)


def test_danish_month_labels():
    assert month_label(datetime.date(2026, 11, 1)) == "nov. 2026"
    assert month_label(datetime.date(2026, 5, 1)) == "maj 2026"
    assert month_label(datetime.date(2026, 11, 1), long=True) == "november 2026"

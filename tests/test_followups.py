"""Follow-up cases with a municipality (issue 19 point 1): opened from an early warning in two
clicks, read and commented by the municipality's own manager only, overdue next steps on the
owner's home page and in the weekly digest, counts for the steering group, history, API."""

import datetime
import re
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from indicators.models import IndicatorValue
from reforms.followups import selectors, services
from reforms.models import FollowUp, FollowUpComment, Office, Person
from tests.benchmark_data import END, fill_values, make_indicator, make_reform

pytestmark = pytest.mark.django_db


@pytest.fixture
def warned():
    """An indicator of a reform whose value in Aarhus (751) fell three months in a row."""
    indicator = make_indicator("fu_sig", reform=make_reform())
    periods = fill_values([indicator], months=4)
    for k, period in enumerate(periods):
        IndicatorValue.objects.filter(indicator=indicator, municipality=751, period=period).update(
            value=50 - k, residual=-2.5 - k
        )
    return indicator


@pytest.fixture
def staff_person(users):
    office = Office.objects.create(code="amk-midt-nord", name="AMK Midt-Nord", kind="amk")
    return Person.objects.create(
        name="Hanne Bech", email="hanne@star.example", office=office, user=users["staff"]
    )


def _form_values(html):
    """The submitted values of the form in html: inputs, selected options and textareas."""
    values = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken":
            values[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        values[name] = unescape(selected.group(1)) if selected else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        values[name] = unescape(body.strip())
    return values


def _open_case(about, by, **over):
    fields = {
        "reform": about.reform,
        "municipality_id": 751,
        "title": "Faldende andel i virksomhedsrettet tilbud",
        "next_step": "Dialogmøde med jobcentret",
        "due": timezone.localdate() + datetime.timedelta(days=14),
        "indicator": about,
    }
    fields.update(over)
    from indicators.models import Municipality

    fields["municipality"] = Municipality.objects.get(code=fields.pop("municipality_id"))
    return services.followup_open(by=by, **fields)


def test_warning_becomes_follow_up_case_in_two_clicks(warned, staff_person, client_for):
    staff = client_for("staff")
    overview = staff.get(reverse("benchmarks:overview")).content.decode()
    links = re.findall(r'href="(/followups/new/\?[^"]+)"', overview)
    link = unescape(next(u for u in links if "municipality=751" in u))
    assert "source=early_warning" in link and "indicator=fu_sig" in link

    # Click 1: the prefilled form.
    form = staff.get(link)
    assert form.status_code == 200
    values = _form_values(form.content.decode())
    assert values["municipality"] == "751"
    assert values["owner"] == f"person:{staff_person.pk}"
    assert values["period"] == "2025-06"
    # Click 2: create it as it stands.
    response = staff.post(link, values)
    assert response.status_code == 302, response.content.decode()[:3000]
    case = FollowUp.objects.get()
    assert response["Location"] == case.get_absolute_url()
    assert (case.municipality_id, case.indicator, case.reform) == (751, warned, warned.reform)
    assert case.source == FollowUp.Source.EARLY_WARNING
    assert case.owner_person == staff_person and case.created_by.username == "star"
    assert "Forværret tre måneder i træk" in case.title
    # The figures are snapshotted as they stood: value and the last four months.
    figure = case.snapshot["figures"][0]
    assert case.snapshot["period"] == "2025-06"
    assert figure["indicator"] == "fu_sig" and figure["value"] == 47
    assert [p["value"] for p in figure["series"]] == [50, 49, 48, 47]
    # The warning now links to the open case instead of a second one.
    overview = staff.get(reverse("benchmarks:overview")).content.decode()
    assert case.get_absolute_url() in overview


def test_snapshot_keeps_the_figures_of_the_day_when_they_change(warned, users):
    case = _open_case(
        warned, users["staff"], owner_office=Office.objects.create(code="o", name="O")
    )
    IndicatorValue.objects.filter(indicator=warned, municipality=751, period=END).update(value=99)
    case.refresh_from_db()
    assert case.snapshot["figures"][0]["value"] == 47
    assert case.period == END


def test_suppressed_value_is_not_snapshotted(warned, users):
    IndicatorValue.objects.filter(indicator=warned, municipality=751, period=END).update(
        suppressed=True
    )
    case = _open_case(
        warned, users["staff"], owner_office=Office.objects.create(code="o", name="O")
    )
    figure = case.snapshot["figures"][0]
    assert figure["suppressed"] is True and figure["value"] is None
    assert figure["series"][-1]["value"] is None


def test_case_without_indicator_snapshots_every_indicator_of_the_reform(warned, users):
    other = make_indicator("fu_impl", reform=warned.reform, kind="implementation")
    fill_values([other], months=1)
    case = _open_case(
        warned,
        users["staff"],
        indicator=None,
        owner_office=Office.objects.create(code="o", name="O"),
    )
    assert {f["indicator"] for f in case.snapshot["figures"]} == {"fu_sig", "fu_impl"}


def test_own_manager_reads_and_comments_other_manager_gets_404(warned, staff_person, client_for):
    case = _open_case(warned, staff_person.user, owner_person=staff_person)
    own, other = client_for("jc751"), client_for("jc101")
    page = own.get(case.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Dialogmøde med jobcentret" in text and "Tilføj kommentar" in text
    response = own.post(
        reverse("reforms:followup_comment", args=[case.pk]), {"text": "Vi har booket et møde."}
    )
    assert response.status_code == 302
    comment = FollowUpComment.objects.get()
    assert comment.author.username == "jc751" and comment.followup == case
    assert "Vi har booket et møde." in own.get(case.get_absolute_url()).content.decode()

    assert other.get(case.get_absolute_url()).status_code == 404
    assert (
        other.post(reverse("reforms:followup_comment", args=[case.pk]), {"text": "x"}).status_code
        == 404
    )
    assert FollowUpComment.objects.count() == 1
    assert case.title not in other.get(reverse("reforms:followup_list")).content.decode()
    assert case.title in own.get(reverse("reforms:followup_list")).content.decode()
    # The manager reads but does not edit; steering reads but does not comment.
    assert own.get(reverse("reforms:followup_update", args=[case.pk])).status_code == 403
    steering = client_for("steering")
    assert steering.get(case.get_absolute_url()).status_code == 200
    assert (
        steering.post(
            reverse("reforms:followup_comment", args=[case.pk]), {"text": "x"}
        ).status_code
        == 403
    )


def test_empty_comment_is_refused_with_a_danish_message(warned, staff_person, client_for):
    case = _open_case(warned, staff_person.user, owner_person=staff_person)
    own = client_for("jc751")
    response = own.post(
        reverse("reforms:followup_comment", args=[case.pk]), {"text": "  "}, follow=True
    )
    assert "Skriv en kommentar." in response.content.decode()
    assert not FollowUpComment.objects.exists()


def test_create_form_refuses_missing_owner_and_due_in_danish(warned, client_for):
    staff = client_for("staff")
    response = staff.post(
        reverse("reforms:followup_create"),
        {
            "reform": warned.reform.pk,
            "municipality": 751,
            "kind": "visit",
            "title": "Besøg",
            "next_step": "Aftal dato",
            "due": "",
            "owner": "",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Næste skridt skal have en frist." in text or "Dette felt er påkrævet" in text
    assert not FollowUp.objects.exists()


def test_closing_records_the_day_and_history(warned, staff_person, client_for):
    case = _open_case(warned, staff_person.user, owner_person=staff_person)
    staff = client_for("staff")
    response = staff.post(
        reverse("reforms:followup_update", args=[case.pk]),
        {
            "kind": "visit",
            "title": case.title,
            "description": "",
            "owner": f"person:{staff_person.pk}",
            "next_step": "",
            "due": "",
            "status": "closed",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.status == "closed" and case.closed_at == timezone.localdate()
    assert case.kind == "visit"
    assert case.history.count() == 2
    assert case.history.first().history_user.username == "star"
    assert "Historik" in staff.get(case.get_absolute_url()).content.decode()


def test_overdue_next_step_on_owner_home_page_and_office_colleagues(
    warned, staff_person, client_for, users
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    case = _open_case(warned, users["staff"], owner_person=staff_person)
    FollowUp.objects.filter(pk=case.pk).update(due=yesterday)
    office_case = _open_case(
        warned, users["staff"], owner_office=staff_person.office, title="Kontorets sag"
    )
    FollowUp.objects.filter(pk=office_case.pk).update(due=yesterday)
    home = client_for("staff").get("/").content.decode()
    assert "Opfølgninger med overskredet frist" in home
    assert case.title in home and "Kontorets sag" in home
    assert list(selectors.overdue_followups_for(staff_person)) == [case, office_case]
    # Nothing overdue once closed.
    services.followup_update(followup=case, by=users["staff"], status="closed")
    assert list(selectors.overdue_followups_for(staff_person)) == [office_case]


def test_steering_group_sees_open_and_overdue_count_per_reform(warned, staff_person, client_for):
    _open_case(warned, staff_person.user, owner_person=staff_person)
    late = _open_case(warned, staff_person.user, owner_person=staff_person, title="Sen")
    FollowUp.objects.filter(pk=late.pk).update(due=timezone.localdate() - datetime.timedelta(1))
    counts = selectors.followup_counts()
    assert [(c.reform, c.open, c.overdue) for c in counts] == [(warned.reform, 2, 1)]
    home = client_for("steering").get("/").content.decode()
    assert "Opfølgning med kommunerne pr. reform" in home
    assert "Beskæftigelsesreformen</a>: 2 åbne sager" in home
    assert "1 med overskredet frist" in home


def test_weekly_digest_lists_overdue_follow_ups(warned, staff_person, users, settings):
    from risklog.services import risk_digests_send

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    case = _open_case(warned, users["staff"], owner_person=staff_person)
    FollowUp.objects.filter(pk=case.pk).update(due=timezone.localdate() - datetime.timedelta(3))
    assert risk_digests_send() == 1
    message = mail.outbox[0]
    assert message.to == ["hanne@star.example"]
    assert message.subject.startswith("Ugeoversigt: 1 punkter forfalder")
    assert case.title in message.body and case.get_absolute_url() in message.body
    assert risk_digests_send() == 0  # once a week


def test_benchmark_page_offers_follow_up_on_figure_worse_than_expected(warned, client_for):
    url = reverse("benchmarks:page", args=[751]) + "?period=2025-06"
    staff_html = client_for("staff").get(url).content.decode()
    assert "/followups/new/?municipality=751&amp;indicator=fu_sig" in staff_html
    assert "source=benchmark" in staff_html
    manager_html = client_for("jc751").get(url).content.decode()
    assert "/followups/new/" not in manager_html
    # 101's figure is better than expected (residual +1.25): no link.
    other = client_for("staff").get(reverse("benchmarks:page", args=[101])).content.decode()
    assert "/followups/new/" not in other


# --- API ---------------------------------------------------------------------------------


def test_api_staff_opens_case_and_own_manager_comments(warned, staff_person, api_for):
    payload = {
        "municipality": 751,
        "reform": warned.reform.slug,
        "kind": "support",
        "title": "Procesunderstøttelse",
        "indicator": "fu_sig",
        "owner_office": "amk-midt-nord",
        "next_step": "Workshop",
        "due": "2030-01-15",
    }
    response = api_for("staff").post("/api/v1/followups/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "support" and body["municipality"] == 751 and body["period"] == "2025-06"
    assert body["snapshot"]["figures"][0]["value"] == 47
    case_url = f"/api/v1/followups/{body['id']}/"

    assert api_for("jc751").post("/api/v1/followups/", payload, format="json").status_code == 403
    assert api_for("anonymous").get(case_url).status_code == 401
    assert api_for("jc101").get(case_url).status_code == 404
    assert api_for("jc751").get(case_url).status_code == 200
    assert api_for("jc751").patch(case_url, {"status": "closed"}, format="json").status_code == 403

    comment = api_for("jc751").post(case_url + "comments/", {"text": "Tak"}, format="json")
    assert comment.status_code == 201 and comment.json()["text"] == "Tak"
    assert (
        api_for("jc101").post(case_url + "comments/", {"text": "x"}, format="json").status_code
        == 404
    )
    assert (
        api_for("steering").post(case_url + "comments/", {"text": "x"}, format="json").status_code
        == 403
    )
    listed = api_for("jc101").get("/api/v1/followups/").json()
    assert listed["results"] == []
    assert [c["text"] for c in api_for("staff").get(case_url).json()["comments"]] == ["Tak"]


def test_api_bad_input_is_json_400_and_nothing_saved(warned, api_for):
    response = api_for("staff").post(
        "/api/v1/followups/",
        {"municipality": 751, "reform": warned.reform.slug, "title": "Uden ansvarlig"},
        format="json",
    )
    assert response.status_code == 400
    assert "owner_person" in response.json()
    assert not FollowUp.objects.exists()


def test_api_cannot_move_case_to_another_municipality(warned, staff_person, api_for):
    case = _open_case(warned, staff_person.user, owner_person=staff_person)
    response = api_for("staff").patch(
        f"/api/v1/followups/{case.pk}/", {"municipality": 101}, format="json"
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.municipality_id == 751


def test_manager_list_has_no_filters_for_other_municipalities_or_star_owners(client_for):
    html = client_for("jc751").get(reverse("reforms:followup_list")).content.decode()
    assert 'name="municipality"' not in html and 'name="owner_person"' not in html
    staff = client_for("staff").get(reverse("reforms:followup_list")).content.decode()
    assert 'name="municipality"' in staff

"""På sporet: a reform's status from its sigtelinjer' national paths, initiatives, risks,
checklist and deadlines (reforms.track, docs/reforms.md), its API fields and its history."""

import datetime
import io

import pytest
from django.utils import timezone

from indicators import national
from indicators.models import Indicator, IndicatorValue, Measure, NationalTarget
from reforms import track
from reforms.models import Reform, TrackSnapshot
from risklog import services as risklog_services

from .world_risklog import make_plan_and_risks

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 1)


def month(k):
    """The k-th month after START."""
    return datetime.date(
        START.year + (START.month - 1 + k) // 12, (START.month - 1 + k) % 12 + 1, 1
    )


@pytest.fixture
def plan(users):
    return make_plan_and_risks(users, slug="flere-skal-med-test")


@pytest.fixture
def sigtelinje(plan):
    """A higher-is-better sigtelinje whose national target goes 20 -> 32 over 12 months (one
    point a month: path(k) = 20 + k)."""
    numerator = Measure.objects.create(code="t_i_job", name="I job")
    denominator = Measure.objects.create(code="t_modtagere", name="Modtagere")
    indicator = Indicator.objects.create(
        code="t_jobandel",
        name="Andel i job",
        kind=Indicator.Kind.SIGTELINJE,
        reform=plan["reform"],
        numerator=numerator,
        denominator=denominator,
        direction=Indicator.Direction.HIGHER_IS_BETTER,
    )
    national.national_target_set(
        indicator=indicator,
        start_period=START,
        start_value=20.0,
        target_period=month(12),
        target_value=32.0,
    )
    return indicator


def set_national(indicator, values):
    """National value of month k = values[k] (one stored row per month, as the computation
    writes the same national value on every municipality's row)."""
    IndicatorValue.objects.filter(indicator=indicator).delete()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator, municipality_id=101, period=month(k), value=v, national_value=v
        )
        for k, v in enumerate(values)
    )


def status(reform):
    return track.reform_track(Reform.objects.get(pk=reform.pk))


def test_linear_path_by_hand(sigtelinje):
    target = sigtelinje.national_target
    assert national.path_value(target, month(-1)) is None
    assert national.path_value(target, month(0)) == 20.0
    assert national.path_value(target, month(6)) == 26.0
    assert national.path_value(target, month(12)) == 32.0
    assert national.path_value(target, month(20)) == 32.0


def test_lower_is_better_is_behind_above_its_path():
    point = national.PathPoint(START, national=12.0, path=10.5)
    assert point.behind(Indicator.Direction.LOWER_IS_BETTER, 1.0)
    assert not point.behind(Indicator.Direction.HIGHER_IS_BETTER, 1.0)
    assert not national.PathPoint(START, 11.4, 10.5).behind("lower_is_better", 1.0)


def test_reform_turns_amber_then_red_and_green_again_by_each_source(plan, sigtelinje, users):
    reform, staff = plan["reform"], users["staff"]
    on_path = [20.0 + k for k in range(6)]  # months 0..5 exactly on the path
    set_national(sigtelinje, on_path)
    assert status(reform).status == "green"

    # The sigtelinje: 1.5 points behind (tolerance 1.0) in the latest month: amber ...
    set_national(sigtelinje, on_path[:5] + [25.0 - 1.5])
    result = status(reform)
    assert result.status == "amber"
    assert result.reasons[0].kind == "indicator" and "Andel i job" in result.reasons[0].text
    # ... three months in a row: red; 0.9 behind does not count.
    set_national(sigtelinje, on_path[:3] + [23.0 - 1.2, 24.0 - 2.0, 25.0 - 1.5])
    assert status(reform).status == "red"
    set_national(sigtelinje, on_path[:5] + [25.0 - 0.9])
    assert status(reform).status == "green"

    # A risk: residual high (3 x 4) amber, critical (4 x 4) red, back to medium green.
    risk = plan["risk"]
    steps = [((3, 4), "amber"), ((4, 4), "red"), ((2, 3), "green")]
    for minutes, ((likelihood, impact), expected) in enumerate(steps, start=1):
        risklog_services.risk_assess(
            risk=risk,
            by=staff,
            inherent_likelihood=4,
            inherent_impact=4,
            residual_likelihood=likelihood,
            residual_impact=impact,
            at=timezone.now() + datetime.timedelta(minutes=minutes),
        )
        result = status(reform)
        assert result.status == expected, (likelihood, impact, result)
        if expected == "red":
            assert result.reasons[0].kind == "risk"
            assert "»Lav prioritering«" in result.reasons[0].text

    # An initiative: yellow amber, red red, green again.
    initiative = plan["initiative"]
    for rag, expected in [("yellow", "amber"), ("red", "red"), ("green", "green")]:
        risklog_services.initiative_update(
            initiative=initiative,
            by=staff,
            progress_status=rag,
            status_reason="" if rag == "green" else "Mangler ressourcer",
        )
        result = status(reform)
        assert result.status == expected
        if rag != "green":
            assert result.reasons[0].kind == "initiative"
            assert "»Startvejledning«" in result.reasons[0].text


def test_worst_source_wins_and_reasons_are_worst_first(plan, sigtelinje, users):
    set_national(sigtelinje, [20.0, 21.0, 22.0 - 1.1])  # amber
    risklog_services.risk_assess(
        risk=plan["risk"],
        by=users["staff"],
        inherent_likelihood=5,
        inherent_impact=5,
        residual_likelihood=5,
        residual_impact=5,
        at=timezone.now() + datetime.timedelta(minutes=1),
    )
    result = status(plan["reform"])
    assert result.status == "red"
    assert [(r.kind, r.level) for r in result.reasons] == [("risk", "red"), ("indicator", "amber")]


def test_overdue_initiative_is_amber_then_red_after_the_stated_days(plan, users, settings):
    settings.TRACK_INITIATIVE_OVERDUE_RED_DAYS = 30
    today = timezone.localdate()
    initiative = plan["initiative"]
    for days, expected in [(5, "amber"), (31, "red")]:
        risklog_services.initiative_update(
            initiative=initiative,
            by=users["staff"],
            start_date=today - datetime.timedelta(days=90),
            end_date=today - datetime.timedelta(days=days),
        )
        result = status(plan["reform"])
        assert result.status == expected
        assert f"({days} dage siden)" in result.reasons[0].text


def test_reform_without_indicators_is_judged_on_the_rest_and_says_so(plan):
    result = status(plan["reform"])
    assert result.status == "green"
    assert result.reasons[0].kind == "indicator" and result.reasons[0].level == "info"
    assert "ingen sigtelinjer" in result.reasons[0].text


def test_api_rows_carry_track_status_and_reasons(plan, sigtelinje, api_for):
    set_national(sigtelinje, [20.0, 21.0 - 3, 22.0 - 3, 23.0 - 3])
    body = api_for("steering").get(f"/api/v1/reforms/{plan['reform'].slug}/").json()
    assert body["track_status"] == "red"
    assert body["track_reasons"][0]["kind"] == "indicator"
    assert body["track_reasons"][0]["level"] == "red"
    assert "traffic_light" in body and "status" in body  # lifecycle and old light unchanged
    rows = api_for("staff").get("/api/v1/reforms/").json()["results"]
    assert {r["slug"]: r["track_status"] for r in rows}[plan["reform"].slug] == "red"


def test_workspace_and_overview_show_the_status_and_its_reasons(plan, sigtelinje, client_for):
    set_national(sigtelinje, [20.0, 21.0 - 3, 22.0 - 3, 23.0 - 3])
    page = client_for("steering").get(f"/reforms/{plan['reform'].slug}/").content.decode()
    assert 'data-track="red"' in page and "Sigtelinjen »Andel i job« ligger efter" in page
    assert "star-track-strip" in page
    overview = client_for("staff").get("/reforms/").content.decode()
    assert 'data-track="red"' in overview


def test_snapshots_keep_one_row_per_month_and_feed_the_strip(plan, sigtelinje):
    today = timezone.localdate()
    set_national(sigtelinje, [20.0, 21.0 - 3])
    assert track.track_snapshots_take(today) == Reform.objects.count()
    set_national(sigtelinje, [20.0, 21.0])
    track.track_snapshots_take(today)
    snapshots = TrackSnapshot.objects.filter(reform=plan["reform"])
    assert snapshots.count() == 1 and snapshots.get().status == "green"
    previous = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    TrackSnapshot.objects.create(reform=plan["reform"], period=previous, status="red")
    history = track.track_history(plan["reform"], months=3, today=today)
    assert [h["status"] for h in history] == [None, "red", "green"]


def test_loaded_path_is_all_or_nothing(sigtelinje):
    target = sigtelinje.national_target
    with pytest.raises(national.PathFileError) as caught:
        national.national_path_load(
            target=target, text="period;value\n2026-01;20\n2026-13;21\n2026-03;x\n2026-01;3\n"
        )
    assert [line for line, _ in caught.value.errors] == [3, 4, 5]
    target.refresh_from_db()
    assert target.path_kind == NationalTarget.PathKind.LINEAR and not target.points.exists()

    assert (
        national.national_path_load(
            target=target, text="period;value\n2026-01;20,5\n2026-02;22\n2026-04;1.234,5\n"
        )
        == 3
    )
    target.refresh_from_db()
    assert target.path_kind == NationalTarget.PathKind.LOADED
    assert national.path_value(target, month(0)) == 20.5
    assert national.path_value(target, month(2)) is None
    assert national.path_value(target, month(3)) == 1234.5


def test_demo_gives_its_sigtelinjer_a_national_path_and_judges_flere_skal_med(users):
    from django.core.management import call_command

    call_command("seed_demo", "--months", "20", "--end", "2026-10", stdout=io.StringIO())
    targets = {t.indicator.code: t for t in NationalTarget.objects.select_related("indicator")}
    assert set(targets) == {"jobandel", "modtagere_pr_1000"}
    jobandel = targets["jobandel"]
    assert jobandel.start_period == datetime.date(2025, 4, 1)
    assert jobandel.target_period == datetime.date(2027, 10, 1)
    assert jobandel.target_value == pytest.approx(jobandel.start_value + 3.0)
    reform = jobandel.indicator.reform
    result = track.reform_track(reform)
    assert result.status in track.STATUSES
    assert all(r.kind in track.KINDS for r in result.reasons)


def test_dashboard_shows_the_status_and_the_national_value_against_its_path(
    plan, sigtelinje, client_for
):
    set_national(sigtelinje, [20.0, 21.0, 22.0 - 1.5])
    html = client_for("steering").get(f"/benchmark/reform/{plan['reform'].slug}/")
    text = html.content.decode()
    assert 'data-track="amber"' in text
    assert "Sti mod landsmålet" in text
    # Month 2: national 20,5, path 22,0, gap -1,5 (by hand).
    assert '<td class="text-right">20,5</td><td class="text-right">22,0</td>' in text
    assert '<td class="text-right">-1,5</td>' in text
    charts = html.context["charts"]["t_jobandel"]["target"]
    assert charts["periods"][0] == "2026-01" and charts["periods"][-1] == "2027-01"
    assert charts["values"][:3] == [20.0, 21.0, 22.0]


def test_meeting_pack_opens_with_the_status(plan, sigtelinje, client_for):
    set_national(sigtelinje, [20.0, 21.0 - 3, 22.0 - 3, 23.0 - 3])
    url = f"/reforms/{plan['reform'].slug}/plan/meetings/{plan['meeting'].pk}/"
    text = client_for("steering").get(url).content.decode()
    assert 'id="mp-track"' in text and 'data-track="red"' in text


def test_steering_digest_once_a_month_with_each_reform_and_last_month(
    plan, sigtelinje, users, mailoutbox
):
    from reforms import digest
    from reforms.models import Group, GroupMember, Person

    today = timezone.localdate()
    users["steering"].email = "styregruppe@example.org"
    users["steering"].save()
    other = Reform.objects.create(name="Anden reform", slug="anden-reform")
    seated = Person.objects.create(name="Sidde Styre", email="sidder@example.org")
    steering = Group.objects.create(reform=other, kind=Group.Kind.STEERING)
    GroupMember.objects.create(group=steering, person=seated)
    previous = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    TrackSnapshot.objects.create(reform=plan["reform"], period=previous, status="green")
    set_national(sigtelinje, [20.0, 21.0 - 3, 22.0 - 3, 23.0 - 3])

    assert digest.steering_digests_send(today) == 2
    assert digest.steering_digests_send(today) == 0  # once per address and month
    mails = {m.to[0]: m for m in mailoutbox}
    assert set(mails) == {"styregruppe@example.org", "sidder@example.org"}
    body = mails["styregruppe@example.org"].body
    assert f"{plan['reform'].name}: Rød: ikke på sporet (måneden før: Grøn: på sporet)" in body
    assert "Sigtelinjen »Andel i job« ligger efter sin sti" in body
    assert "Anden reform" in body
    assert plan["reform"].name not in mails["sidder@example.org"].body
    assert "1 af 2" in mails["styregruppe@example.org"].subject


def test_national_target_page_is_star_staff_only(sigtelinje, client_for):
    url = f"/indicators/{sigtelinje.pk}/national-target/"
    assert client_for("anonymous").get(url).status_code == 302
    for role in ("steering", "jc751", "jc101"):
        assert client_for(role).get(url).status_code == 403
        assert client_for(role).post(url, {"start_value": "1"}).status_code == 403
    assert client_for("staff").get("/indicators/999999/national-target/").status_code == 404
    page = client_for("staff").get(url)
    assert page.status_code == 200 and 'value="2026-01"' in page.content.decode()


def test_staff_set_a_linear_target_and_load_a_path_all_or_nothing(sigtelinje, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff = client_for("staff")
    url = f"/indicators/{sigtelinje.pk}/national-target/"
    fields = {
        "start_period": "2026-01",
        "start_value": "20",
        "target_period": "2025-12",
        "target_value": "30",
    }
    refused = staff.post(url, fields)
    assert refused.status_code == 200
    assert "Målmåneden skal ligge efter startmåneden." in refused.content.decode()
    assert NationalTarget.objects.get().target_value == 32.0  # nothing stored

    bad = SimpleUploadedFile("sti.csv", b"period;value\n2026-01;20\n2026-02;nej\n")
    refused = staff.post(url, {**fields, "target_period": "2027-01", "path_file": bad})
    assert "række 3: værdien »nej« er ikke et tal" in refused.content.decode()
    assert NationalTarget.objects.get().target_value == 32.0

    assert staff.post(url, {**fields, "target_period": "2027-01"}).status_code == 302
    target = NationalTarget.objects.get()
    assert (target.target_value, target.path_kind) == (30.0, "linear")

    good = SimpleUploadedFile("sti.csv", b"period;value\n2026-01;20\n2026-02;20,4\n2026-03;21\n")
    assert (
        staff.post(url, {**fields, "target_period": "2027-01", "path_file": good}).status_code
        == 302
    )
    target.refresh_from_db()
    assert target.path_kind == "loaded" and target.points.count() == 3
    assert national.path_value(target, month(1)) == 20.4
    assert target.history.count() >= 3

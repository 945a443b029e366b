"""Demo data of the benchmarks app: result targets, report recipients and reports (idempotent;
the evaluation demo is in benchmarks/evaluation/demo.py)."""

import datetime

from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from core.demo import demo_step
from core.periods import add_months
from indicators.models import Indicator, IndicatorValue, Municipality
from indicators.national import path_value_at

from .models import MunicipalTarget, Recipient, Report
from .reports import services as report_services
from .reports.selectors import previous_quarter, quarter_months

DEMO_TARGET_MUNICIPALITIES = [751, 101, 461, 851]
#: The municipality whose demo targets follow the national targets.
DEMO_FOLLOWS_NATIONAL = 751


@demo_step(order=60)
def seed_benchmarks(options):
    """Targets for a few municipalities (the demo evaluation: evaluation/demo.py)."""
    targets = 0
    indicators = list(Indicator.objects.filter(target_group__isnull=True).order_by("code")[:3])
    # One target per target group of the split sigtelinje jobandel (issue 22.5).
    indicators += list(Indicator.objects.filter(parent__code="jobandel").order_by("code"))
    baseline = add_months(options.end, -12)
    stored = {
        (row.indicator_id, row.municipality_id): row
        for row in IndicatorValue.objects.filter(
            indicator__in=indicators,
            municipality__in=DEMO_TARGET_MUNICIPALITIES,
            period=baseline,
            suppressed=False,
            value__isnull=False,
        )
    }
    for indicator in indicators:
        for code in DEMO_TARGET_MUNICIPALITIES:
            row = stored.get((indicator.pk, code))
            if row is None:
                continue
            sign = -1 if indicator.direction == Indicator.Direction.LOWER_IS_BETTER else 1
            target_date = add_months(options.end, 12)
            defaults = {
                "baseline_period": baseline,
                "baseline_value": row.value,
                "target_value": round(row.value * (1 + sign * 0.1), 1),
                "target_date": target_date,
                "note": "Demo: 10 % forbedring på to år.",
            }
            national = path_value_at(indicator, target_date)
            if code == DEMO_FOLLOWS_NATIONAL and national is not None:
                # Aarhus follows the national targets where there are any (issue 22.1).
                defaults.update(
                    target_value=national,
                    follows_national=True,
                    note="Demo: følger det nationale mål.",
                )
            _, created = MunicipalTarget.objects.get_or_create(
                municipality_id=code, indicator=indicator, defaults=defaults
            )
            targets += created

    return f"{targets} resultatmål"


@demo_step(order=70)
def seed_report_recipients(options):
    """Every municipality gets one recipient (its job-centre manager) for the quarterly report;
    Aarhus also an analyst (not a formal addressee: he may opt out from his e-mail)."""
    created = 0
    for municipality in Municipality.objects.all():
        _, was_created = Recipient.objects.get_or_create(
            municipality=municipality,
            email=f"jobcenterchef.{slugify(municipality.name)}@{municipality.code}.kommune.example",
            defaults={"name": f"Jobcenterchef, {municipality.name}", "role": "jobcentre_manager"},
        )
        created += was_created
    # One recipient who is not a formal addressee: his e-mail carries List-Unsubscribe.
    _, was_created = Recipient.objects.get_or_create(
        municipality_id=751,
        email="analyse@751.kommune.example",
        defaults={"name": "Analysechef, Aarhus", "role": Recipient.Role.OTHER},
    )
    created += was_created
    return f"{created} rapportmodtagere"


DEMO_REPORT_MUNICIPALITIES = [751, 101]


@demo_step(order=80)
def seed_demo_reports(options):
    """Reports of the demo managers' municipalities, rendered here: for the latest month (the
    archive has something to download) and for the last month with data of the quarter the
    dispatch page suggests (the previous quarter), so that its preview and a dispatch to the
    console can be tried at once. The full month is rendered by the worker on request."""
    latest = IndicatorValue.objects.aggregate(latest=Max("period"))["latest"]
    if latest is None:
        return None
    periods = {latest}
    suggested = quarter_months(previous_quarter(timezone.localdate()))
    with_data = set(
        IndicatorValue.objects.filter(period__in=suggested)
        .values_list("period", flat=True)
        .distinct()
    )
    if with_data:
        periods.add(max(with_data))
    rendered = 0
    for period in sorted(periods):
        rendered += _render_demo_reports(period)
    return f"{rendered} demorapporter" if rendered else None


def _render_demo_reports(period):
    missing = [
        code
        for code in DEMO_REPORT_MUNICIPALITIES
        if not Report.objects.filter(
            municipality_id=code, period=period, state=Report.State.DONE
        ).exists()
    ]
    if not missing:
        return 0
    batch = report_services.reports_request(
        period=period, municipalities=missing, enqueue=False, national=False
    )
    ids = batch.reports.filter(state=Report.State.PENDING, municipality__in=missing).values_list(
        "pk", flat=True
    )
    for report_id in ids:
        report_services.report_render(report_id=report_id)
    return len(missing)


from .evaluation import demo as _evaluation_demo  # noqa: E402, F401 - registers its step


@demo_step(order=85)
def seed_followups(options):
    """Follow-up cases that tell what STAR did about the demo's figures: a dialogue opened from
    the month's first early warning of a reform indicator, a visit to Aarhus about its figure
    furthest below the expected level (the manager has answered), feedback with København
    whose next step is overdue (on the demo STAR user's home page), and a closed support case.
    Only where no case exists yet."""
    from django.contrib.auth import get_user_model

    from reforms.followups.services import followup_open, followup_update
    from reforms.models import FollowUp, FollowUpComment, Office, Person

    from .selectors.overview import early_warnings

    if FollowUp.objects.exists():
        return None
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["star", "jc751"])}
    star, jc751 = users.get("star"), users.get("jc751")
    people = {p.email.split("@")[0]: p for p in Person.objects.all()}
    offices = {o.code: o for o in Office.objects.all()}
    today = timezone.localdate()
    made = []
    warnings = [w for w in early_warnings(period=options.end) if w.indicator.reform_id]
    if warnings:
        w = warnings[0]
        made.append(
            followup_open(
                reform=w.indicator.reform,
                municipality=w.municipality,
                indicator=w.indicator,
                period=options.end,
                source=FollowUp.Source.EARLY_WARNING,
                kind=FollowUp.Kind.DIALOGUE,
                title=f"{w.indicator.name}: {w.label}",
                description="Tidlig varsling på landsoversigten. Vi vil høre, om der er sket "
                "ændringer i visitationen eller bemandingen.",
                owner_person=people.get("star"),
                owner_office=None if people.get("star") else offices.get("impl"),
                next_step="Ring til jobcenterchefen og aftal et dialogmøde",
                due=today + datetime.timedelta(days=6),
                by=star,
            )
        )
    rows = IndicatorValue.objects.filter(
        municipality=751,
        period=options.end,
        indicator__reform__isnull=False,
        residual__isnull=False,
        suppressed=False,
    ).select_related("indicator__reform")
    worst = min(
        rows,
        key=lambda r: r.residual * (-1 if r.indicator.direction == "lower_is_better" else 1),
        default=None,
    )
    if worst is not None:
        visit = followup_open(
            reform=worst.indicator.reform,
            municipality=worst.municipality,
            indicator=worst.indicator,
            period=options.end,
            source=FollowUp.Source.BENCHMARK,
            kind=FollowUp.Kind.VISIT,
            title=f"{worst.indicator.name}: under det forventede niveau",
            description="Aarhus ligger under det niveau, rammevilkårene lader forvente. AMK "
            "Midt-Nord besøger jobcentret og ser på arbejdsgangene.",
            owner_person=people.get("hanne.bech"),
            owner_office=None if people.get("hanne.bech") else offices.get("amk-midt-nord"),
            next_step="Besøg i jobcentret med teamlederne",
            due=today + datetime.timedelta(days=12),
            by=star,
        )
        if jc751 is not None:
            FollowUpComment.objects.create(
                followup=visit,
                author=jc751,
                text="Vi omlagde visitationen i foråret, og tallene halter efter. Vi tager "
                "gerne imod besøget og vil gerne høre, hvad sammenlignelige kommuner gør.",
            )
        made.append(visit)
    reform = worst.indicator.reform if worst is not None else None
    if reform is not None and "amk-oest" in offices:
        late = followup_open(
            reform=reform,
            municipality=Municipality.objects.get(code=101),
            kind=FollowUp.Kind.FEEDBACK,
            title="Feedback på startpakken fra netværksmødet",
            description="Jobcentret bad på netværksmødet om eksempler på virksomhedsrettede "
            "forløb for de aktivitetsparate.",
            # IMPL's contact (the demo's STAR user) promised the examples at the network meeting.
            owner_person=people.get("star"),
            owner_office=None if people.get("star") else offices["amk-oest"],
            next_step="Send eksempler fra tre sammenlignelige kommuner",
            due=today + datetime.timedelta(days=14),
            by=star,
        )
        # The next step slipped: it was due last week (the owner's home page and digest show it).
        FollowUp.objects.filter(pk=late.pk).update(due=today - datetime.timedelta(days=5))
        support = followup_open(
            reform=reform,
            municipality=Municipality.objects.get(code=147),
            kind=FollowUp.Kind.SUPPORT,
            title="Procesunderstøttelse af den nye visitation",
            owner_office=offices["amk-oest"],
            next_step="Workshop med teamlederne",
            due=today - datetime.timedelta(days=30),
            by=star,
        )
        followup_update(followup=support, by=star, status=FollowUp.Status.CLOSED, next_step="")
        made += [late, support]
    return f"{len(made)} opfølgninger"

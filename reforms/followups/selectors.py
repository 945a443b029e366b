"""Reads of follow-up cases: what a user may see, what is overdue for whom, the counts the
steering group reads, the figures a new case snapshots and the form's prefill from a warning."""

import dataclasses
import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import visible_to
from core.formatting import da_month
from core.periods import add_months, format_period, parse_period
from indicators.models import Indicator, IndicatorValue, Municipality

from ..models import FollowUp, Office, Person, Reform

#: Days until the next step's due date when a case is opened from a warning or a figure.
DEFAULT_DUE_DAYS = 14

#: STAR's three regional labour-market offices and the regions they serve (region codes of
#: data/kommuner.csv): the default owner of a case when the user is no STAR person.
AMK_BY_REGION = {
    1084: "amk-oest",  # Hovedstaden
    1085: "amk-oest",  # Sjælland
    1083: "amk-syd",  # Syddanmark
    1082: "amk-midt-nord",  # Midtjylland
    1081: "amk-midt-nord",  # Nordjylland
}


def followups_for(user):
    """The cases user may see (all for STAR readers, their own municipality's for a manager)."""
    return visible_to(
        FollowUp.objects.select_related(
            "reform", "municipality", "indicator", "owner_person", "owner_office"
        ),
        user,
    )


def _open():
    return ~Q(status=FollowUp.Status.CLOSED)


def overdue_q(today=None):
    """Open cases whose next step is past its due date."""
    today = today or timezone.localdate()
    return _open() & Q(due__lt=today)


def owned_by_q(person):
    """Cases owned by person, or by the office person works in."""
    condition = Q(owner_person=person)
    if person.office_id:
        condition |= Q(owner_office_id=person.office_id)
    return condition


def overdue_followups_for(person, *, today=None):
    """The open cases person (or their office) owns whose next step is overdue, oldest first."""
    if person is None:
        return FollowUp.objects.none()
    return (
        FollowUp.objects.filter(owned_by_q(person), overdue_q(today))
        .select_related("reform", "municipality", "owner_person", "owner_office")
        .order_by("due", "pk")
    )


def due_followups_for(person, *, today=None, horizon_days=7):
    """The open cases person (or their office) owns whose next step is due within the horizon."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=horizon_days)
    return (
        FollowUp.objects.filter(owned_by_q(person), _open(), due__gte=today, due__lte=horizon)
        .select_related("reform", "municipality")
        .order_by("due", "pk")
    )


def followup_digest_people(*, today=None, horizon_days=7):
    """Ids of the STAR people who own (themselves or through their office) a case whose next
    step is overdue or due within the horizon."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=horizon_days)
    due = FollowUp.objects.filter(_open(), due__lte=horizon)
    people = set(due.exclude(owner_person=None).values_list("owner_person_id", flat=True))
    offices = set(due.exclude(owner_office=None).values_list("owner_office_id", flat=True))
    people |= set(Person.objects.filter(office_id__in=offices).values_list("pk", flat=True))
    return people


@dataclasses.dataclass
class ReformCount:
    reform: Reform
    open: int
    overdue: int


def followup_counts(*, today=None, reforms=None):
    """Open and overdue cases per reform (the steering group's count), busiest first; reforms
    without an open case are left out."""
    today = today or timezone.localdate()
    rows = (
        FollowUp.objects.filter(_open())
        .values("reform_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due__lt=today)))
    )
    if reforms is not None:
        rows = rows.filter(reform__in=reforms)
    by_id = {row["reform_id"]: row for row in rows}
    names = Reform.objects.in_bulk(list(by_id))
    counts = [
        ReformCount(names[pk], row["open"], row["overdue"])
        for pk, row in by_id.items()
        if pk in names
    ]
    counts.sort(key=lambda c: (-c.overdue, -c.open, c.reform.name))
    return counts


def open_followups_by_figure(*, municipalities=None):
    """{(municipality code, indicator id): the newest open case about that figure}, so that a
    warning links to the case already open instead of a second one (one query)."""
    cases = FollowUp.objects.filter(_open(), indicator__isnull=False).order_by("created_at")
    if municipalities is not None:
        cases = cases.filter(municipality__in=municipalities)
    return {
        (c.municipality_id, c.indicator_id): c
        for c in cases.only("pk", "municipality", "indicator")
    }


def warnings_with_followups(warnings):
    """[(early warning, its open case or None)] for the national overview's warning list."""
    cases = open_followups_by_figure(municipalities=[w.municipality.code for w in warnings])
    return [(w, cases.get((w.municipality.code, w.indicator.pk))) for w in warnings]


# --- the figures a case is about ----------------------------------------------------------

_FIGURE_FIELDS = (
    "value",
    "expected",
    "residual",
    "rank",
    "rank_of",
    "national_value",
    "region_value",
    "change_3m",
    "change_12m",
)


def latest_period(indicators):
    """The newest month with a stored value of any of the indicators, or None."""
    row = (
        IndicatorValue.objects.filter(indicator__in=indicators)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    return row


def followup_snapshot(*, municipality, reform, indicator=None, period=None):
    """The figures a case is about, as they stand now: the indicator's (or, without one, every
    indicator of the reform's) stored values for the municipality in the period (default: the
    newest month with values), with the last four months of the indicator. Suppressed values
    are kept as null, exactly as the API shows them."""
    indicators = (
        [indicator]
        if indicator is not None
        else list(Indicator.objects.filter(reform=reform).order_by("kind", "name"))
    )
    if not indicators:
        return {}
    period = period or latest_period(indicators)
    if period is None:
        return {}
    months = [add_months(period, -k) for k in (3, 2, 1, 0)]
    rows = IndicatorValue.objects.filter(
        indicator__in=indicators, municipality=municipality, period__in=months
    )
    by_key = {(r.indicator_id, r.period): r for r in rows}
    figures = []
    for ind in indicators:
        row = by_key.get((ind.pk, period))
        figure = {
            "indicator": ind.code,
            "name": ind.name,
            "unit": ind.unit,
            "kind": ind.kind,
            "direction": ind.direction,
            "suppressed": bool(row and row.suppressed),
        }
        for name in _FIGURE_FIELDS:
            value = getattr(row, name, None) if row is not None else None
            if row is not None and row.suppressed and name in ("value", "expected", "residual"):
                value = None
            if row is not None and row.suppressed and name in ("change_3m", "change_12m"):
                value = None
            figure[name] = value
        figure["series"] = [
            {
                "period": format_period(m),
                "value": (
                    None
                    if (m_row := by_key.get((ind.pk, m))) is None or m_row.suppressed
                    else m_row.value
                ),
            }
            for m in months
        ]
        figures.append(figure)
    return {
        "period": format_period(period),
        "taken_at": timezone.now().isoformat(timespec="seconds"),
        "figures": figures,
    }


def worse_than_expected(*, indicator, residual):
    """True when a value lies on the bad side of its expected level (by direction)."""
    if residual is None:
        return False
    if indicator.direction == Indicator.Direction.LOWER_IS_BETTER:
        return residual > 0
    return residual < 0


def figure_followup_reason(figure):
    """Why a benchmark figure deserves a follow-up ("worse" | "off_track"), or None."""
    if figure.row is None or not figure.has_value:
        return None
    status = getattr(getattr(figure, "target_status", None), "status", None)
    if status == "off_track":
        return "off_track"
    if worse_than_expected(indicator=figure.indicator, residual=figure.row.residual):
        return "worse"
    return None


# --- the create form's prefill -----------------------------------------------------------

SOURCE_TITLES = {
    "worsened_3": gettext_lazy("Forværret tre måneder i træk"),
    "rank_drop": gettext_lazy("Faldet på ranglisten"),
    "worse": gettext_lazy("Dårligere end forventet"),
    "off_track": gettext_lazy("Ikke på sporet mod resultatmålet"),
}


def default_owner(*, user, municipality=None):
    """("person", pk) for a STAR person, else ("office", pk) of the municipality's AMK, else
    None."""
    person = getattr(user, "person", None)
    if person is not None:
        return ("person", person.pk)
    if municipality is not None:
        code = AMK_BY_REGION.get(municipality.region_id)
        office = Office.objects.filter(code=code).first() if code else None
        if office is not None:
            return ("office", office.pk)
    return None


def followup_prefill(*, params, user, today=None):
    """The create form's initial values from a link's query (municipality, indicator, period,
    source, reason, reform), so that a warning becomes a case with one more click. Unknown or
    malformed values are ignored: the form then asks for them."""
    today = today or timezone.localdate()
    initial = {"kind": FollowUp.Kind.DIALOGUE, "due": today + datetime.timedelta(DEFAULT_DUE_DAYS)}
    municipality = indicator = reform = period = None
    code = params.get("municipality", "")
    if code.isdigit():
        municipality = Municipality.objects.select_related("region").filter(code=int(code)).first()
    if params.get("indicator"):
        indicator = (
            Indicator.objects.select_related("reform").filter(code=params["indicator"]).first()
        )
    if params.get("reform"):
        reform = Reform.objects.filter(slug=params["reform"]).first()
    if reform is None and indicator is not None:
        reform = indicator.reform
    if params.get("period"):
        try:
            period = parse_period(params["period"])
        except ValueError:
            period = None
    source = params.get("source", "")
    if source not in FollowUp.Source.values:
        source = FollowUp.Source.MANUAL
    reason = params.get("reason", "")
    if municipality is not None:
        initial["municipality"] = municipality.pk
    if reform is not None:
        initial["reform"] = reform.pk
    if indicator is not None:
        initial["indicator"] = indicator.pk
    if period is not None:
        initial["period"] = format_period(period)
    initial["source"] = source
    owner = default_owner(user=user, municipality=municipality)
    if owner is not None:
        initial["owner"] = f"{owner[0]}:{owner[1]}"
    if indicator is not None and municipality is not None:
        headline = str(SOURCE_TITLES.get(reason, "")) or indicator.name
        initial["title"] = f"{indicator.name}: {headline}" if reason else indicator.name
        initial["next_step"] = _("Aftal dialogmøde med jobcentret om udviklingen")
        month = da_month(period) if period else ""
        initial["description"] = _(
            "Oprettet fra %(source)s for %(municipality)s, %(indicator)s (%(month)s)."
        ) % {
            "source": FollowUp.Source(source).label.lower(),
            "municipality": municipality.name,
            "indicator": indicator.name,
            "month": month,
        }
    return initial

"""Tranche statuses per municipality, exactly as CONTRACT §7 `grant-tranches` words them.

With L the latest period with computed values of the condition's indicator (of any indicator
of the reform when there is no condition): `earned` when the municipality's milestone_reached
of that indicator at L is <= due (no condition: when L >= due); else `not_earned` when
L >= due; else `pending`. amount = share x the municipality's grant (None without a grant).
"""

import dataclasses
from decimal import Decimal

from django.db.models import Max

from indicators.models import Indicator, IndicatorValue, Municipality
from reforms.models import GrantAmount, GrantTranche

EARNED, NOT_EARNED, PENDING = "earned", "not_earned", "pending"


@dataclasses.dataclass(frozen=True)
class TrancheStatus:
    """One municipality's status of one tranche."""

    tranche: GrantTranche
    municipality: int
    status: str
    amount: Decimal | None
    milestone_reached: object = None  # the month the condition's milestone was reached, if any

    @property
    def to_pay(self):
        return self.amount if self.status == EARNED and self.amount is not None else Decimal(0)


def latest_period(tranche, until=None):
    """L of the contract: the latest month with computed values of the condition's indicator,
    else of any indicator of the reform; None when nothing is computed. until (a month): only
    months up to it count, so a report of an earlier month states the status as of its month."""
    if tranche.condition_id:
        values = IndicatorValue.objects.filter(indicator_id=tranche.condition_id)
    else:
        values = IndicatorValue.objects.filter(
            indicator__in=Indicator.objects.filter(reform_id=tranche.reform_id)
        )
    if until is not None:
        values = values.filter(period__lte=until)
    return values.aggregate(latest=Max("period"))["latest"]


def tranche_statuses(tranche, municipalities=None, until=None):
    """[TrancheStatus] of the tranche for the given municipality codes (default: all 98),
    ascending by code; until: the status as of that month (see latest_period)."""
    codes = (
        sorted(municipalities)
        if municipalities is not None
        else list(Municipality.objects.order_by("code").values_list("code", flat=True))
    )
    latest = latest_period(tranche, until=until)
    grants = dict(
        GrantAmount.objects.filter(
            reform_id=tranche.reform_id, municipality_id__in=codes
        ).values_list("municipality_id", "amount")
    )
    reached = {}
    if tranche.condition_id and latest is not None:
        reached = dict(
            IndicatorValue.objects.filter(
                indicator_id=tranche.condition_id, period=latest, municipality_id__in=codes
            ).values_list("municipality_id", "milestone_reached")
        )
    share = Decimal(str(tranche.share)) / Decimal(100)
    rows = []
    for code in codes:
        milestone = reached.get(code)
        if latest is None:
            status = PENDING
        elif tranche.condition_id:
            if milestone is not None and milestone <= tranche.due:
                status = EARNED
            elif latest >= tranche.due:
                status = NOT_EARNED
            else:
                status = PENDING
        else:
            status = EARNED if latest >= tranche.due else PENDING
        grant = grants.get(code)
        amount = (grant * share).quantize(Decimal("0.01")) if grant is not None else None
        rows.append(TrancheStatus(tranche, code, status, amount, milestone))
    return rows


def reform_grant_table(reform, municipalities=None):
    """The STAR list: tranches, and per municipality its grant, each tranche's status and
    amount, and the total earned (to pay). Rows ascending by municipality name."""
    tranches = list(GrantTranche.objects.filter(reform=reform).select_related("condition"))
    places = Municipality.objects.order_by("name")
    if municipalities is not None:
        places = places.filter(code__in=municipalities)
    places = list(places)
    codes = [m.code for m in places]
    by_tranche = {t.pk: {s.municipality: s for s in tranche_statuses(t, codes)} for t in tranches}
    grants = dict(
        GrantAmount.objects.filter(reform=reform, municipality_id__in=codes).values_list(
            "municipality_id", "amount"
        )
    )
    rows = []
    for place in places:
        statuses = [by_tranche[t.pk][place.code] for t in tranches]
        rows.append(
            {
                "municipality": place,
                "grant": grants.get(place.code),
                "statuses": statuses,
                "to_pay": sum((s.to_pay for s in statuses), Decimal(0)),
            }
        )
    return {"tranches": tranches, "rows": rows}


def municipality_tranches(municipality_code, until=None):
    """Every reform's tranches with this municipality's status, for its benchmark page and PDF;
    until: as of that month (the PDF: the report's month, not the newest data)."""
    tranches = GrantTranche.objects.select_related("reform", "condition").order_by(
        "reform__name", "due", "pk"
    )
    return [tranche_statuses(t, [municipality_code], until=until)[0] for t in tranches]

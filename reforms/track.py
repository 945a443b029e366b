"""Is the reform *på sporet*? The steering group's judgement from the data.

Each source (indicators, initiatives, risks, checklist and deadlines) gives reasons with a level;
the worst level wins. The reform app judges its own checklist and deadlines and its sigtelinjer'
national paths (reforms may import indicators); the risk log registers its sources here in its
``AppConfig.ready``, so that ``reforms`` imports nothing of ``risklog`` (docs/reforms.md,
"På sporet"; the directions are import-linter contracts in pyproject.toml).
"""

import dataclasses
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formatting import da_month, da_number
from core.periods import add_months
from indicators.models import Indicator
from indicators.national import (
    months_behind,
    national_against_path,
    national_target_of,
    national_values_of,
)

from .models import Reform, TrackSnapshot

#: The kinds of reason the API names (CONTRACT §7), in the order a tie is shown.
KINDS = ("indicator", "initiative", "risk", "checklist", "deadline")
#: Reason levels, worst first; "info" explains the judgement without changing it.
LEVELS = ("red", "amber", "info")
STATUSES = ("green", "amber", "red")

TRACK_LABELS = {
    "green": gettext_lazy("Grøn: på sporet"),
    "amber": gettext_lazy("Gul: i fare for at komme bagud"),
    "red": gettext_lazy("Rød: ikke på sporet"),
}
#: The CSS modifier of reforms/_light.html for each status.
TRACK_LIGHT = {"green": "green", "amber": "yellow", "red": "red"}


@dataclasses.dataclass(frozen=True)
class TrackReason:
    """Why the reform is (not) on track: its source (kind), how bad (level) and the words."""

    kind: str
    level: str
    text: str

    def as_dict(self):
        return {"kind": self.kind, "level": self.level, "text": self.text}


@dataclasses.dataclass(frozen=True)
class Track:
    """The judgement: ``status`` green | amber | red and its reasons, worst first."""

    status: str
    reasons: tuple

    @property
    def label(self):
        return str(TRACK_LABELS[self.status])

    @property
    def light(self):
        return TRACK_LIGHT[self.status]

    def reasons_as_dicts(self):
        return [r.as_dict() for r in self.reasons]


#: name -> source(reform, today, context) -> iterable of TrackReason.
_SOURCES: dict[str, Callable] = {}


def register_track_source(name, source):
    """Register (or replace) a source of reasons; called from an app's ``ready``."""
    _SOURCES[name] = source


def track_sources():
    return dict(_SOURCES)


def status_of(reasons):
    """The worst level among reasons as a status (info reasons count as green)."""
    levels = {r.level for r in reasons}
    if "red" in levels:
        return "red"
    if "amber" in levels:
        return "amber"
    return "green"


def reform_track(reform, today=None, context=None):
    """The reform's status on ``today`` from every registered source (worst wins).

    context: values a caller already computed (``warnings``, ``overdue`` of
    ``reforms.selectors``) so that they are not computed twice. The reform's indicators
    (``indicators``, with their national targets and loaded paths) are read once here for the
    checklist rules and the national paths (tests/test_reforms_track_queries.py). ``shared``:
    a dict that the sources fill with what is the same for every reform (the risk matrix),
    passed alike to the reforms of one page or run.
    """
    today = today or timezone.localdate()
    context = context if context is not None else {}
    if "indicators" not in context:
        context["indicators"] = reform_indicators(reform)
    reasons = []
    for source in _SOURCES.values():
        reasons.extend(source(reform, today, context))
    reasons.sort(key=lambda r: (LEVELS.index(r.level), KINDS.index(r.kind)))
    return Track(status=status_of(reasons), reasons=tuple(reasons))


def reform_indicators(reform):
    """All the reform's indicators (target-group ones too) with their national targets and
    loaded paths' points, by kind and code (two queries)."""
    return list(
        Indicator.objects.filter(reform=reform)
        .select_related("national_target")
        .prefetch_related("national_target__points")
        .order_by("kind", "code")
    )


# ------------------------------------------------------------ the reform's own source

#: reforms.selectors warning codes -> reason kind (the phase rules are deadlines).
_WARNING_KINDS = {"legal_start_guide": "deadline", "indicators_not_fixed": "checklist"}


def checklist_and_deadlines(reform, today, context):
    """Today's rules of the workspace: the warnings (error = red, warning = amber) and the
    overdue checklist items, follow-up actions and questions (amber). A reform without any
    indicator is judged on the other sources, and this says so instead of the rule that
    indicators must be fixed."""
    from . import selectors  # selectors show the judgement, so they import this module

    indicators = context.get("indicators")
    if indicators is None:
        kinds = selectors.indicator_kinds(reform)
    else:
        kinds = {indicator.kind for indicator in indicators}
    warnings = context.get("warnings")
    if warnings is None:
        warnings = selectors.reform_warnings(reform, today, kinds=kinds)
    overdue = context.get("overdue")
    if overdue is None:
        overdue = selectors.overdue_items(reform, today)
    has_indicators = bool(kinds)
    reasons = []
    if not has_indicators:
        reasons.append(
            TrackReason(
                "indicator",
                "info",
                _(
                    "Reformen har ingen sigtelinjer eller indikatorer: status bygger på "
                    "initiativer, risici, tjekliste og frister."
                ),
            )
        )
    for warning in warnings:
        if warning.code == "indicators_not_fixed" and not has_indicators:
            continue
        kind = _WARNING_KINDS.get(warning.code, "deadline")
        level = "red" if warning.level == "error" else "amber"
        reasons.append(TrackReason(kind, level, warning.text))
    if overdue["checklist"]:
        reasons.append(
            TrackReason(
                "checklist",
                "amber",
                _("%(n)s tjeklistepunkter er over fristen.") % {"n": len(overdue["checklist"])},
            )
        )
    if overdue["actions"]:
        reasons.append(
            TrackReason(
                "deadline",
                "amber",
                _("%(n)s opfølgningspunkter fra møder er over fristen.")
                % {"n": len(overdue["actions"])},
            )
        )
    if overdue["questions"]:
        reasons.append(
            TrackReason(
                "deadline",
                "amber",
                _("%(n)s spørgsmål fra kommuner er ikke besvaret inden svarfristen.")
                % {"n": len(overdue["questions"])},
            )
        )
    return reasons


register_track_source("reforms", checklist_and_deadlines)


# ------------------------------------------------------------- the sigtelinjer' national paths


def indicator_reasons(reform, today=None, context=None):
    """For each of the reform's indicators with a national target: behind its path beyond
    TRACK_INDICATOR_TOLERANCE for TRACK_INDICATOR_RED_MONTHS months in a row: red; for
    TRACK_INDICATOR_AMBER_MONTHS: amber. Indicators without a national target are named in an
    info reason (they do not count)."""
    tolerance = settings.TRACK_INDICATOR_TOLERANCE
    amber_months = settings.TRACK_INDICATOR_AMBER_MONTHS
    red_months = settings.TRACK_INDICATOR_RED_MONTHS
    loaded = (context or {}).get("indicators")
    if loaded is None:
        loaded = reform_indicators(reform)
    indicators = [indicator for indicator in loaded if indicator.target_group is None]
    if not indicators:
        return []  # reforms.track says that the reform is judged on the rest
    reasons = []
    without = []
    targets = {indicator.pk: national_target_of(indicator) for indicator in indicators}
    series = national_values_of([i for i in indicators if targets[i.pk] is not None])
    for indicator in indicators:
        target = targets[indicator.pk]
        if target is None:
            if indicator.kind == Indicator.Kind.SIGTELINJE:
                without.append(indicator.name)
            continue
        points = national_against_path(indicator, target, series[indicator.pk])
        behind = months_behind(points, indicator.direction, tolerance)
        if behind < amber_months:
            continue
        latest = [p for p in points if p.path is not None and p.national is not None][-1]
        reasons.append(
            TrackReason(
                "indicator",
                "red" if behind >= red_months else "amber",
                _(
                    "Sigtelinjen »%(name)s« ligger efter sin sti: landsværdien %(value)s %(unit)s "
                    "i %(period)s mod stiens %(path)s, %(months)s måned(er) i træk mere end "
                    "%(tolerance)s fra stien."
                )
                % {
                    "name": indicator.name,
                    "value": da_number(latest.national),
                    "unit": indicator.unit,
                    "period": da_month(latest.period),
                    "path": da_number(latest.path),
                    "months": behind,
                    "tolerance": da_number(tolerance),
                },
            )
        )
    if without:
        reasons.append(
            TrackReason(
                "indicator",
                "info",
                _("Uden landsmål, indgår ikke i status: %(names)s.")
                % {"names": ", ".join(without)},
            )
        )
    return reasons


register_track_source("indicators", indicator_reasons)


# ------------------------------------------------------------------------------ history


def track_snapshots_take(today=None):
    """Store every reform's status of today as its snapshot of today's month (replacing the
    month's earlier one). Returns the number of reforms."""
    today = today or timezone.localdate()
    period = today.replace(day=1)
    count = 0
    shared = {}
    for reform in Reform.objects.order_by("pk"):
        track = reform_track(reform, today, {"shared": shared})
        with transaction.atomic():
            TrackSnapshot.objects.update_or_create(
                reform=reform,
                period=period,
                defaults={"status": track.status, "reasons": track.reasons_as_dicts()},
            )
        count += 1
    return count


def track_history(reform, months=12, today=None, current=None):
    """The last `months` months, oldest first: [{period, status, label, light, reasons}] with
    status None for a month without a snapshot; `current` (a Track) stands for this month."""
    today = today or timezone.localdate()
    end = today.replace(day=1)
    periods = [add_months(end, -k) for k in range(months - 1, -1, -1)]
    stored = {s.period: s for s in TrackSnapshot.objects.filter(reform=reform, period__in=periods)}
    if current is not None:
        stored[end] = TrackSnapshot(
            reform=reform, period=end, status=current.status, reasons=current.reasons_as_dicts()
        )
    rows = []
    for period in periods:
        snapshot = stored.get(period)
        rows.append(
            {
                "period": period,
                "status": snapshot.status if snapshot else None,
                "label": str(TRACK_LABELS[snapshot.status]) if snapshot else "",
                "light": TRACK_LIGHT[snapshot.status] if snapshot else "none",
                "reasons": snapshot.reasons if snapshot else [],
            }
        )
    return rows

"""Reads on reforms: status, warnings and traffic light (overview and workspace share them)."""

import dataclasses
import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import da_date
from core.periods import PeriodError, month_label, parse_period
from core.validators import has_control_characters
from indicators.models import Indicator, Municipality

from .checklists import LEGAL_START_GUIDE
from .models import ActionItem, ChecklistItem, Escalation, Meeting, Phase, Question, Reform
from .track import reform_track

#: The legal start guide warning starts this many days before the law enters into force.
LEGAL_GUIDE_WARN_DAYS = 30


@dataclasses.dataclass(frozen=True)
class Warning:
    """A rule that is broken (level "error") or about to be (level "warning")."""

    code: str
    level: str  # "warning" | "error"
    text: str


def _items(reform):
    cached = getattr(reform, "_prefetched_objects_cache", {})
    phases = list(reform.phases.all())
    if "phases" in cached:
        return phases, [i for p in phases for i in p.checklist.all()]
    return phases, list(ChecklistItem.objects.filter(phase__reform=reform).select_related("phase"))


def reform_warnings(reform, today=None, kinds=None):
    """The warning rules of the issue, evaluated for reform on `today` (kinds: the reform's
    indicator kinds when the caller has read them, see indicator_kinds)."""
    today = today or timezone.localdate()
    phases, items = _items(reform)
    warnings = []

    # 1. The legal start guide must be done by the day the law enters into force.
    guide = [i for i in items if i.code == LEGAL_START_GUIDE]
    if reform.law_in_force and guide and not all(i.done for i in guide):
        days = (reform.law_in_force - today).days
        when = da_date(reform.law_in_force)
        if days <= 0:
            warnings.append(
                Warning(
                    "legal_start_guide",
                    "error",
                    _(
                        "Loven trådte i kraft %(date)s, men den juridiske startvejledning "
                        "er ikke færdig."
                    )
                    % {"date": when},
                )
            )
        elif days <= LEGAL_GUIDE_WARN_DAYS:
            warnings.append(
                Warning(
                    "legal_start_guide",
                    "warning",
                    _(
                        "Loven træder i kraft %(date)s (om %(days)s dage), og den juridiske "
                        "startvejledning er ikke færdig."
                    )
                    % {"date": when, "days": days},
                )
            )

    # 2. Sigtelinjer and implementation indicators must be fixed when the initial phase starts.
    initial = next((p for p in phases if p.kind == Phase.Kind.INITIAL), None)
    initial_start = initial.start if initial else None
    initial_start = initial_start or reform.law_in_force
    if initial_start and today >= initial_start:
        kinds = indicator_kinds(reform) if kinds is None else kinds
        missing = []
        if "sigtelinje" not in kinds:
            missing.append(_("sigtelinjer"))
        if "implementation" not in kinds:
            missing.append(_("implementeringsindikatorer"))
        if missing:
            warnings.append(
                Warning(
                    "indicators_not_fixed",
                    "error",
                    _(
                        "Den indledende implementering er startet (%(date)s), men reformen "
                        "har ingen %(missing)s."
                    )
                    % {
                        "date": da_date(initial_start),
                        "missing": _(" og ").join(missing),
                    },
                )
            )

    # 3. A phase past its planned end with open items.
    for phase in phases:
        if phase.planned_end and phase.planned_end < today:
            open_items = [i for i in items if i.phase_id == phase.pk and not i.done]
            if open_items:
                warnings.append(
                    Warning(
                        f"phase_overdue_{phase.kind}",
                        "warning",
                        _(
                            "Fasen »%(phase)s« skulle være slut %(date)s, men %(n)s punkter "
                            "er ikke udført."
                        )
                        % {
                            "phase": phase.get_kind_display(),
                            "date": da_date(phase.planned_end),
                            "n": len(open_items),
                        },
                    )
                )
    return warnings


def indicator_kinds(reform):
    """The kinds (sigtelinje, implementation) of the reform's indicators."""
    cached = getattr(reform, "_indicator_kinds", None)
    if cached is not None:
        return cached
    return set(reform.indicators.values_list("kind", flat=True))


def current_phase(reform):
    """The phase in progress (the latest one), else the first not yet done."""
    phases = sorted(reform.phases.all(), key=lambda p: p.order)
    in_progress = [p for p in phases if p.status == Phase.Status.IN_PROGRESS]
    if in_progress:
        return in_progress[-1]
    not_done = [p for p in phases if p.status != Phase.Status.DONE]
    if not_done:
        return not_done[0]
    return phases[-1] if phases else None


def overdue_items(reform, today=None):
    """Open checklist items and meeting action items past their due date, and questions past
    their reply deadline."""
    today = today or timezone.localdate()
    _phases, items = _items(reform)
    checklist = [i for i in items if not i.done and i.due_date and i.due_date < today]
    actions = list(
        ActionItem.objects.filter(
            meeting__group__reform=reform, status=ActionItem.Status.OPEN, due_date__lt=today
        ).select_related("meeting", "owner")
    )
    questions = list(
        Question.objects.filter(
            reform=reform, status=Question.Status.OPEN, deadline__lt=today
        ).select_related("municipality")
    )
    return {"checklist": checklist, "actions": actions, "questions": questions}


def next_meeting(reform, now=None):
    now = now or timezone.now()
    return (
        Meeting.objects.filter(group__reform=reform, starts_at__gte=now)
        .select_related("group")
        .order_by("starts_at")
        .first()
    )


def traffic_light(warnings, overdue_count):
    """red: a rule is broken; yellow: a warning or overdue items; green: on track."""
    if any(w.level == "error" for w in warnings):
        return "red"
    if warnings or overdue_count:
        return "yellow"
    return "green"


TRAFFIC_LIGHT_LABELS = {
    "red": "Rød: kræver handling",
    "yellow": "Gul: opmærksomhed",
    "green": "Grøn: på sporet",
}


def reform_status(reform, today=None, shared=None):
    """Everything the overview row and the workspace header show about reform (shared: see
    reforms.track.reform_track, for the rows of one page)."""
    today = today or timezone.localdate()
    warnings = reform_warnings(reform, today)
    overdue = overdue_items(reform, today)
    overdue_count = sum(len(v) for v in overdue.values())
    light = traffic_light(warnings, overdue_count)
    track = reform_track(
        reform,
        today,
        {"warnings": warnings, "overdue": overdue, "shared": shared if shared is not None else {}},
    )
    return {
        "reform": reform,
        "phase": current_phase(reform),
        "warnings": warnings,
        "overdue": overdue,
        "overdue_count": overdue_count,
        "light": light,
        "light_label": _(TRAFFIC_LIGHT_LABELS[light]),
        # På sporet: the judgement from every source (reforms.track); pages show this one.
        "track": track,
        "next_meeting": next_meeting(reform),
        "open_escalations": reform.escalations.filter(status=Escalation.Status.OPEN).count(),
    }


def reforms_with_status(queryset=None, today=None):
    """reform_status for every reform of queryset (default: all), prefetched."""
    queryset = queryset if queryset is not None else Reform.objects.all()
    queryset = queryset.select_related("responsible_office", "impl_contact").prefetch_related(
        Prefetch("phases", queryset=Phase.objects.prefetch_related("checklist"))
    )
    rows = []
    shared = {}
    for reform in queryset:
        rows.append(reform_status(reform, today, shared))
    return rows


def open_escalations_for(user):
    """Open escalations a steering member should decide (all of them for the steering role,
    those of his reforms for a person seated in a styregruppe)."""
    qs = Escalation.objects.filter(status=Escalation.Status.OPEN).select_related("reform")
    if getattr(user, "is_steering", False):
        return qs
    person = getattr(user, "person", None)
    if person is None:
        return qs.none()
    return qs.filter(
        reform__groups__kind="steering", reform__groups__members__person=person
    ).distinct()


def lever_search(queryset, value):
    """Levers whose name, description, evidence or target group mention value."""
    return queryset.filter(
        Q(name__icontains=value)
        | Q(description__icontains=value)
        | Q(evidence__icontains=value)
        | Q(target_group__icontains=value)
        | Q(reform__name__icontains=value)
    )


def published_questions(reform):
    return reform.questions.filter(published=True, status=Question.Status.ANSWERED).order_by(
        "-answered_at"
    )


def days_until(date, today=None):
    today = today or timezone.localdate()
    return (date - today).days if isinstance(date, datetime.date) else None


def question_prefill(*, reform, params, user):
    """The initial subject and text of a question about one of the reform's figures, from the
    benchmark page's "Stil et spørgsmål til STAR" link (`?indicator=CODE&period=YYYY-MM&value=…
    &municipality=CODE`, issue 18.3). Only an indicator of this reform is named; the month must
    parse and the value is one short line, else the form opens empty. STAR staff asking on a
    municipality's behalf also get the municipality."""
    initial = {}
    code = params.get("municipality", "")
    if not (user.is_jobcentre or user.is_akasse) and code.isdigit():
        municipality = Municipality.objects.filter(code=int(code)).first()
        if municipality is not None:
            initial["municipality"] = municipality.pk
    indicator = Indicator.objects.filter(reform=reform, code=params.get("indicator", "")).first()
    if indicator is None:
        return initial
    try:
        period = parse_period(params.get("period", ""))
    except PeriodError:
        return initial
    value = params.get("value", "").strip()
    if len(value) > 40 or has_control_characters(value):
        value = ""
    month = month_label(period, long=True)
    initial["subject"] = _("%(indicator)s i %(month)s") % {
        "indicator": indicator.name,
        "month": month,
    }
    if value:
        initial["text"] = _(
            "Vores tal for %(indicator)s i %(month)s er %(value)s.\n\n"
            "Hvad kan vi gøre for at forbedre det?"
        ) % {"indicator": indicator.name, "month": month, "value": value}
    else:
        initial["text"] = _(
            "Om %(indicator)s i %(month)s:\n\nHvad kan vi gøre for at forbedre det?"
        ) % {"indicator": indicator.name, "month": month}
    return initial

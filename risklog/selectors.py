"""Reads of the plan and the risk log: matrix lookups, trends, heat map, overdue items,
meeting packs and the timeline. Pages, the API, exports, tasks and the PDF all read here."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from core.formatting import da_date, da_month
from core.models import NotificationFailure
from core.notifications import open_failures
from core.periods import add_months
from reforms.followups import selectors as followups
from reforms.models import Escalation, Group, Meeting, Person
from reforms.track import reform_track

from .models import (
    Assessment,
    Initiative,
    MatrixCell,
    MitigationAction,
    RagStatus,
    Risk,
    RiskLevel,
    ScaleStep,
    StatusUpdate,
)

# ----------------------------------------------------------------------------- the matrix


def matrix_lookup():
    """{(likelihood, impact): RiskLevel} for the 25 cells of the fixture."""
    return {
        (cell.likelihood, cell.impact): cell.level
        for cell in MatrixCell.objects.select_related("level")
    }


def level_for(likelihood, impact, lookup=None):
    """The level of a cell; None when (likelihood, impact) is outside the matrix."""
    lookup = matrix_lookup() if lookup is None else lookup
    return lookup.get((likelihood, impact))


def scale_labels():
    """{"likelihood": {1: ScaleStep, ...}, "impact": {...}}."""
    labels = {ScaleStep.Axis.LIKELIHOOD: {}, ScaleStep.Axis.IMPACT: {}}
    for step in ScaleStep.objects.all():
        labels[step.axis][step.value] = step
    return labels


def matrix_definition():
    """What the assessment form shows beside it: levels, both scales and the grid (likelihood
    5 at the top, impact 1 at the left)."""
    lookup = matrix_lookup()
    labels = scale_labels()
    impacts = sorted(labels[ScaleStep.Axis.IMPACT].values(), key=lambda s: s.value)
    rows = []
    for step in sorted(labels[ScaleStep.Axis.LIKELIHOOD].values(), key=lambda s: -s.value):
        rows.append(
            {
                "step": step,
                "cells": [
                    {"impact": imp.value, "level": lookup.get((step.value, imp.value))}
                    for imp in impacts
                ],
            }
        )
    return {
        "levels": list(RiskLevel.objects.all()),
        "likelihood": sorted(labels[ScaleStep.Axis.LIKELIHOOD].values(), key=lambda s: s.value),
        "impact": impacts,
        "rows": rows,
    }


# ----------------------------------------------------------------------------- assessments


@dataclass
class AssessmentView:
    """An assessment with its levels and how its residual level moved since the one before."""

    assessment: Assessment
    inherent_level: RiskLevel | None
    residual_level: RiskLevel | None
    trend: str | None = None  # "rose" | "fell" | "unchanged" | None (first assessment)

    @property
    def trend_label(self):
        return TREND_LABELS.get(self.trend, "")


TREND_LABELS = {
    "rose": gettext_lazy("steget"),
    "fell": gettext_lazy("faldet"),
    "unchanged": gettext_lazy("uændret"),
}


def compare_levels(previous, current):
    """'rose', 'fell' or 'unchanged' from one level to the next (None without a previous)."""
    if previous is None or current is None:
        return None
    if current.rank > previous.rank:
        return "rose"
    if current.rank < previous.rank:
        return "fell"
    return "unchanged"


def assessment_history(risk, lookup=None):
    """Every assessment of risk, newest first, with levels and rose/fell against the one before."""
    lookup = matrix_lookup() if lookup is None else lookup
    rows = list(risk.assessments.select_related("assessed_by").order_by("assessed_at", "pk"))
    views = []
    previous = None
    for a in rows:
        residual = lookup.get((a.residual_likelihood, a.residual_impact))
        views.append(
            AssessmentView(
                assessment=a,
                inherent_level=lookup.get((a.inherent_likelihood, a.inherent_impact)),
                residual_level=residual,
                trend=compare_levels(previous, residual),
            )
        )
        previous = residual
    views.reverse()
    return views


def risk_trend(risk, lookup=None):
    """Whether the risk's residual level rose, fell or stayed at its latest assessment."""
    history = assessment_history(risk, lookup)
    return history[0].trend if history else None


def latest_two_assessments(risk_ids):
    """{risk_id: [latest, previous]} in two queries' worth of rows, for lists and the API."""
    result = {}
    for a in Assessment.objects.filter(risk_id__in=risk_ids).order_by(
        "risk_id", "-assessed_at", "-pk"
    ):
        bucket = result.setdefault(a.risk_id, [])
        if len(bucket) < 2:
            bucket.append(a)
    return result


def annotate_risks(risks, lookup=None):
    """Attach inherent/residual levels and the trend to each risk (for tables, API, exports)."""
    lookup = matrix_lookup() if lookup is None else lookup
    risks = list(risks)
    pairs = latest_two_assessments([r.pk for r in risks])
    for risk in risks:
        latest, previous = (pairs.get(risk.pk, []) + [None, None])[:2]
        risk.current = latest
        risk.inherent_level = (
            lookup.get((latest.inherent_likelihood, latest.inherent_impact)) if latest else None
        )
        risk.residual_level = (
            lookup.get((latest.residual_likelihood, latest.residual_impact)) if latest else None
        )
        previous_level = (
            lookup.get((previous.residual_likelihood, previous.residual_impact))
            if previous
            else None
        )
        risk.trend = compare_levels(previous_level, risk.residual_level)
        risk.trend_label = TREND_LABELS.get(risk.trend, "")
    return risks


def risks_of(reform):
    """The reform's risks with what lists need (scores of the latest assessment annotated, so
    lists sort by them)."""
    latest = "latest_assessment__"
    return (
        Risk.objects.filter(reform=reform)
        .select_related("owner", "reform", "latest_assessment")
        .prefetch_related("indicators", "initiatives")
        .annotate(
            inherent_score=F(f"{latest}inherent_likelihood") * F(f"{latest}inherent_impact"),
            residual_score=F(f"{latest}residual_likelihood") * F(f"{latest}residual_impact"),
        )
    )


# ----------------------------------------------------------------------------- heat map


def heat_map(reform, lookup=None):
    """Both grids (inherent and residual) of the reform's open and monitored risks: per cell the
    level, the count and the risks, likelihood 5 at the top."""
    lookup = matrix_lookup() if lookup is None else lookup
    risks = [
        r
        for r in risks_of(reform).exclude(status=Risk.Status.CLOSED)
        if r.latest_assessment_id is not None
    ]
    labels = scale_labels()
    list_url = reverse("risklog:risk_list", kwargs={"slug": reform.slug})
    grids = {}
    for kind in ("inherent", "residual"):
        cells = {}
        for r in risks:
            a = r.latest_assessment
            key = (getattr(a, f"{kind}_likelihood"), getattr(a, f"{kind}_impact"))
            cells.setdefault(key, []).append(r)
        rows = []
        for lik in range(5, 0, -1):
            row = []
            for imp in range(1, 6):
                members = sorted(cells.get((lik, imp), []), key=lambda r: r.title)
                row.append(
                    {
                        "likelihood": lik,
                        "impact": imp,
                        "level": lookup.get((lik, imp)),
                        "count": len(members),
                        "risks": members,
                        "url": f"{list_url}?{kind}_cell={lik}-{imp}",
                    }
                )
            rows.append({"step": labels["likelihood"].get(lik), "cells": row})
        grids[kind] = rows
    return {
        "inherent": grids["inherent"],
        "residual": grids["residual"],
        "impact_steps": [labels["impact"].get(i) for i in range(1, 6)],
        "assessed": len(risks),
        "unassessed": risks_of(reform)
        .exclude(status=Risk.Status.CLOSED)
        .filter(latest_assessment__isnull=True)
        .count(),
    }


# ----------------------------------------------------------------------------- overdue items


def overdue_actions(*, today=None, owner=None, reform=None):
    qs = MitigationAction.objects.overdue(today).select_related("risk__reform", "owner")
    if owner is not None:
        qs = qs.filter(owner=owner)
    if reform is not None:
        qs = qs.filter(risk__reform=reform)
    return qs.exclude(risk__status=Risk.Status.CLOSED)


def overdue_reviews(*, today=None, owner=None, reform=None):
    today = today or timezone.localdate()
    qs = (
        Risk.objects.exclude(status=Risk.Status.CLOSED)
        .filter(next_review_date__lt=today)
        .select_related("reform", "owner")
    )
    if owner is not None:
        qs = qs.filter(owner=owner)
    if reform is not None:
        qs = qs.filter(reform=reform)
    return qs.order_by("next_review_date")


def overdue_initiatives(*, reform, today=None):
    today = today or timezone.localdate()
    return Initiative.objects.filter(
        reform=reform, end_date__lt=today, percent_complete__lt=100
    ).select_related("responsible_office", "responsible_person")


@dataclass
class Digest:
    """What one person has due: overdue and coming actions, overdue and coming reviews."""

    person: object
    overdue_actions: list = field(default_factory=list)
    due_actions: list = field(default_factory=list)
    overdue_reviews: list = field(default_factory=list)
    due_reviews: list = field(default_factory=list)
    # Next steps of the person's (or office's) follow-up cases with municipalities.
    overdue_followups: list = field(default_factory=list)
    due_followups: list = field(default_factory=list)
    #: For STAR staff: every notification that could not be sent (core.notifications).
    failed_notifications: list = field(default_factory=list)

    def __len__(self):
        return (
            len(self.overdue_actions)
            + len(self.due_actions)
            + len(self.overdue_reviews)
            + len(self.due_reviews)
            + len(self.overdue_followups)
            + len(self.due_followups)
            + len(self.failed_notifications)
        )


def digest_for(person, *, today=None, horizon_days=7):
    """The person's items due: overdue, or due within horizon_days from today."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=horizon_days)
    actions = (
        MitigationAction.objects.open()
        .filter(owner=person)
        .exclude(risk__status=Risk.Status.CLOSED)
        .select_related("risk__reform")
    )
    reviews = (
        Risk.objects.exclude(status=Risk.Status.CLOSED)
        .filter(owner=person, next_review_date__isnull=False)
        .select_related("reform")
        .order_by("next_review_date")
    )
    return Digest(
        person=person,
        overdue_actions=list(actions.filter(due_date__lt=today)),
        due_actions=list(actions.filter(due_date__gte=today, due_date__lte=horizon)),
        overdue_reviews=list(reviews.filter(next_review_date__lt=today)),
        due_reviews=list(
            reviews.filter(next_review_date__gte=today, next_review_date__lte=horizon)
        ),
        overdue_followups=list(followups.overdue_followups_for(person, today=today)),
        due_followups=list(
            followups.due_followups_for(person, today=today, horizon_days=horizon_days)
        ),
        failed_notifications=open_failures() if _is_staff(person) else [],
    )


def _is_staff(person):
    user = person.user
    return user is not None and user.is_star_staff


def digest_recipients(*, today=None, horizon_days=7):
    """People with an e-mail who own at least one item due (see digest_for)."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=horizon_days)
    open_actions = Q(
        mitigation_actions__due_date__lte=horizon,
        mitigation_actions__risk__status__in=[Risk.Status.OPEN, Risk.Status.MONITORED],
    ) & ~Q(mitigation_actions__status__in=MitigationAction.CLOSED_STATUSES)
    reviews = Q(
        risks__next_review_date__lte=horizon,
        risks__status__in=[Risk.Status.OPEN, Risk.Status.MONITORED],
    )
    ids = set(Person.objects.filter(open_actions).values_list("pk", flat=True))
    ids |= set(Person.objects.filter(reviews).values_list("pk", flat=True))
    ids |= followups.followup_digest_people(today=today, horizon_days=horizon_days)
    if NotificationFailure.objects.exists():
        # The staff digest also reports failed notifications (core.notifications).
        staff = Q(user__is_active=True, user__role__in=[Role.STAFF, Role.ADMIN])
        ids |= set(Person.objects.filter(staff).values_list("pk", flat=True))
    return Person.objects.filter(pk__in=ids).exclude(email="").order_by("pk")


# ----------------------------------------------------------------------------- the plan


def initiatives_of(reform):
    return (
        Initiative.objects.filter(reform=reform)
        .select_related("responsible_office", "responsible_person", "reform")
        .prefetch_related("indicators", "depends_on")
    )


def plan_summary(initiatives):
    """Counts per progress and per content status (green, yellow, red) of the given initiatives."""
    counts = {"progress": {}, "content": {}}
    for kind in ("progress", "content"):
        rows = initiatives.order_by().values(f"{kind}_status").annotate(n=Count("pk"))
        by_status = {row[f"{kind}_status"]: row["n"] for row in rows}
        counts[kind] = [
            {"status": value, "label": label, "count": by_status.get(value, 0)}
            for value, label in RagStatus.choices
        ]
    counts["total"] = initiatives.count()
    return counts


def implementation_group(reform):
    return Group.objects.filter(reform=reform, kind=Group.Kind.IMPLEMENTATION).first()


def meetings_of(reform):
    """The implementation group's meetings, newest first."""
    return Meeting.objects.filter(
        group__reform=reform, group__kind=Group.Kind.IMPLEMENTATION
    ).select_related("group")


def previous_meeting(meeting):
    return (
        Meeting.objects.filter(group=meeting.group, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )


def not_updated_since(initiatives, since):
    """Initiatives without a status update since `since` (all of them when since is None)."""
    if since is None:
        return initiatives.filter(status_updated_at__isnull=True)
    return initiatives.filter(Q(status_updated_at__isnull=True) | Q(status_updated_at__lt=since))


def stale_initiatives(meeting):
    """The reform's initiatives not updated since the group's previous meeting (for meeting
    pages: flag them)."""
    previous = previous_meeting(meeting)
    return not_updated_since(
        initiatives_of(meeting.group.reform), previous.starts_at if previous else None
    )


def top_risks(reform, n=5, lookup=None):
    """The n open or monitored risks with the highest residual level, then score."""
    risks = annotate_risks(
        risks_of(reform).exclude(status=Risk.Status.CLOSED).filter(latest_assessment__isnull=False),
        lookup,
    )
    risks.sort(
        key=lambda r: (
            -(r.residual_level.rank if r.residual_level else 0),
            -r.current.residual_score,
            r.title,
        )
    )
    return risks[:n]


def largest_risks(reform, limit=5):
    """The reform's open and monitored risks with the highest residual score (likelihood x
    impact of their latest assessment), highest first; risks not yet assessed last, ties by
    title. The reform dashboard's "Største risici" reads it (one query)."""
    return list(
        risks_of(reform)
        .exclude(status=Risk.Status.CLOSED)
        .prefetch_related(None)
        .order_by(F("residual_score").desc(nulls_last=True), "title", "pk")[:limit]
    )


def meeting_pack(meeting, *, today=None):
    """Everything the meeting pack page and PDF show for one implementation-group meeting."""
    today = today or timezone.localdate()
    reform = meeting.group.reform
    previous = previous_meeting(meeting)
    since = previous.starts_at if previous else None
    initiatives = initiatives_of(reform).prefetch_related(
        Prefetch("updates", queryset=StatusUpdate.objects.select_related("created_by"))
    )
    updates = StatusUpdate.objects.filter(initiative__reform=reform).select_related(
        "initiative", "created_by"
    )
    assessments = Assessment.objects.filter(risk__reform=reform).select_related(
        "risk", "assessed_by"
    )
    if since is not None:
        updates = updates.filter(created_at__gte=since)
        assessments = assessments.filter(assessed_at__gte=since)
    updates = updates.filter(created_at__lte=meeting.starts_at)
    assessments = assessments.filter(assessed_at__lte=meeting.starts_at)
    lookup = matrix_lookup()
    return {
        "meeting": meeting,
        "reform": reform,
        "previous": previous,
        "generated_at": timezone.now(),
        "initiatives": list(initiatives),
        "summary": plan_summary(initiatives),
        "not_updated": list(not_updated_since(initiatives, since)),
        "updates": list(updates.order_by("-created_at")),
        "assessments": list(assessments.order_by("-assessed_at")),
        "overdue_initiatives": list(overdue_initiatives(reform=reform, today=today)),
        "overdue_actions": list(overdue_actions(reform=reform, today=today)),
        "overdue_reviews": list(overdue_reviews(reform=reform, today=today)),
        "top_risks": top_risks(reform, lookup=lookup),
        "track": reform_track(reform, today),
        "escalations": list(
            Escalation.objects.filter(reform=reform, status=Escalation.Status.OPEN).select_related(
                "proposed_by"
            )
        ),
    }


RAG_COLOURS = {"green": "#2e7d32", "yellow": "#f2c200", "red": "#c62828"}


def timeline_figure(initiatives):
    """A plotly Gantt-like figure (a JSON-ready dict, built directly: importing
    plotly.graph_objects costs a second per process) of the initiatives, coloured by progress
    status, with Danish month ticks; None when there is nothing to draw."""
    initiatives = list(initiatives)
    if not initiatives:
        return None
    labels = dict(RagStatus.choices)
    traces = []
    for status, label in labels.items():
        rows = [i for i in initiatives if i.progress_status == status]
        if not rows:
            continue
        traces.append(
            {
                "type": "bar",
                "name": str(label),
                "orientation": "h",
                "y": [i.title for i in rows],
                "base": [i.start_date.isoformat() for i in rows],
                "x": [(i.end_date - i.start_date).days * 86400000 or 86400000 for i in rows],
                "marker": {"color": RAG_COLOURS[status]},
                "customdata": [
                    [
                        da_date(i.start_date),
                        da_date(i.end_date),
                        i.percent_complete,
                        str(i.responsible_office),
                    ]
                    for i in rows
                ],
                "hovertemplate": (
                    "<b>%{y}</b><br>%{customdata[0]} – %{customdata[1]}<br>"
                    + str(_("Færdiggjort"))
                    + ": %{customdata[2]} %<br>%{customdata[3]}<extra></extra>"
                ),
            }
        )
    today = timezone.localdate()
    first = min(i.start_date for i in initiatives).replace(day=1)
    last = max(max(i.end_date for i in initiatives), today)
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    step = max(1, -(-len(months) // 12))  # at most about 12 labelled ticks
    ticks = months[::step]
    return {
        "data": traces,
        "layout": {
            "barmode": "overlay",
            "separators": ",.",
            "xaxis": {
                "type": "date",
                "title": {"text": str(_("Periode"))},
                "tickmode": "array",
                "tickvals": [m.isoformat() for m in ticks],
                "ticktext": [da_month(m) for m in ticks],
            },
            "yaxis": {
                "autorange": "reversed",
                "automargin": True,
                "categoryorder": "array",
                "categoryarray": [i.title for i in initiatives],
            },
            "height": max(260, 40 * len(initiatives) + 120),
            "margin": {"l": 10, "r": 10, "t": 30, "b": 40},
            "legend": {"title": {"text": str(_("Fremdrift"))}, "orientation": "h"},
            "font": {"family": "IBM Plex Sans, Arial, sans-serif", "size": 12},
            "shapes": [
                {
                    "type": "line",
                    "x0": today.isoformat(),
                    "x1": today.isoformat(),
                    "yref": "paper",
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": "#1a1a1a", "dash": "dot"},
                }
            ],
        },
    }

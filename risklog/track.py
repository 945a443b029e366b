"""The risk log's and the implementation plan's part of *på sporet* (reforms.track): red, yellow
and overdue initiatives, and risks whose latest residual level reaches the matrix's red level."""

from django.conf import settings
from django.utils.translation import gettext as _

from core.formatting import da_date
from reforms.track import TrackReason, register_track_source

from .models import Initiative, RagStatus, Risk, RiskLevel
from .selectors import annotate_risks, matrix_lookup


def initiative_reasons(reform, today, context=None):
    """Red content or progress: red; yellow: amber; past its end date and not finished: amber
    (red once it is more than TRACK_INITIATIVE_OVERDUE_RED_DAYS days late)."""
    red_days = settings.TRACK_INITIATIVE_OVERDUE_RED_DAYS
    reasons = []
    for initiative in Initiative.objects.filter(reform=reform).order_by("title"):
        statuses = {initiative.content_status, initiative.progress_status}
        if RagStatus.RED in statuses:
            level, text = "red", _("Initiativet »%(title)s« har rød status.")
        elif RagStatus.YELLOW in statuses:
            level, text = "amber", _("Initiativet »%(title)s« har gul status.")
        else:
            level = text = None
        if text:
            reasons.append(TrackReason("initiative", level, text % {"title": initiative.title}))
        if initiative.percent_complete < 100 and initiative.end_date < today:
            late = (today - initiative.end_date).days
            reasons.append(
                TrackReason(
                    "initiative",
                    "red" if late > red_days else "amber",
                    _(
                        "Initiativet »%(title)s« skulle være færdigt %(date)s (%(days)s dage "
                        "siden) og er %(pct)s %% færdigt."
                    )
                    % {
                        "title": initiative.title,
                        "date": da_date(initiative.end_date),
                        "days": late,
                        "pct": initiative.percent_complete,
                    },
                )
            )
    return reasons


def risk_reasons(reform, today=None, context=None):
    """Open and monitored risks whose latest residual level ranks at or above the red level
    (TRACK_RISK_RED_LEVEL): red; at or above TRACK_RISK_AMBER_LEVEL: amber."""
    # The levels and the matrix are the same for every reform: read once per run of many
    # reforms (reforms.track.reform_track's "shared" context).
    shared = (context or {}).get("shared", {})
    if "risk_ranks" not in shared:
        shared["risk_ranks"] = dict(RiskLevel.objects.values_list("code", "rank"))
    ranks = shared["risk_ranks"]
    red = ranks.get(settings.TRACK_RISK_RED_LEVEL)
    amber = ranks.get(settings.TRACK_RISK_AMBER_LEVEL)
    if red is None:
        return []
    risks = (
        Risk.objects.filter(reform=reform, latest_assessment__isnull=False)
        .exclude(status=Risk.Status.CLOSED)
        .select_related("latest_assessment")
        .order_by("title")
    )
    reasons = []
    if "risk_matrix" not in shared:
        shared["risk_matrix"] = matrix_lookup()
    for risk in annotate_risks(risks, shared["risk_matrix"]):
        level = risk.residual_level
        if level is None:
            continue
        if level.rank >= red:
            status = "red"
        elif amber is not None and level.rank >= amber:
            status = "amber"
        else:
            continue
        reasons.append(
            TrackReason(
                "risk",
                status,
                _("Risikoen »%(title)s« har restrisiko %(level)s (score %(score)s).")
                % {
                    "title": risk.title,
                    "level": level.name.lower(),
                    "score": risk.current.residual_score,
                },
            )
        )
    return reasons


def register():
    register_track_source("initiatives", initiative_reasons)
    register_track_source("risks", risk_reasons)

""" "Hvad kan I gøre" on the benchmark page (issue 18, point 3): for every sigtelinje of the
summary that is worse than expected or not on track, what the municipality can do about it —
the levers of that reform from the lever bank with their evidence, the reform page, a question
to STAR prefilled with the figure — and the municipality's STAR contact.

It reads the summary's cards (benchmarks.selectors.summary), never recomputes a figure, and
costs two queries whatever the number of indicators: the levers of the reforms concerned and
the contact."""

import dataclasses
from urllib.parse import urlencode

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext

from core.formatting import da_number
from core.periods import format_period
from reforms.models import Lever, MunicipalityContact, Reform

#: Levers of a reform shown at once; the rest are one click away.
LEVERS_SHOWN = 3


@dataclasses.dataclass
class ActionFigure:
    """A card that calls for action, and the link that asks STAR about it."""

    card: object  # summary.SummaryCard
    question_url: str | None

    @property
    def indicator(self):
        return self.card.indicator

    @property
    def reasons(self):
        """The card's own words for why it is here: 'Dårligere end forventet', 'Ikke på sporet'."""
        reasons = []
        if self.card.vs_expected == "worse":
            reasons.append(self.card.expected_text)
        if self.card.target == "off_track":
            reasons.append(self.card.target_text)
        return reasons


@dataclasses.dataclass
class ActionGroup:
    """The figures of one reform that call for action, and what the reform offers."""

    reform: Reform | None
    figures: list[ActionFigure]
    levers: list[Lever]

    @property
    def top_levers(self):
        """The levers shown at once (the most often ranked among the three most important)."""
        return self.levers[:LEVERS_SHOWN]

    @property
    def more_levers(self):
        """The rest, behind "Flere greb" (the manager has two minutes)."""
        return self.levers[LEVERS_SHOWN:]

    @property
    def page_url(self):
        return reverse("reforms:page", args=[self.reform.slug]) if self.reform else None


@dataclasses.dataclass
class Actions:
    groups: list[ActionGroup]
    contact: MunicipalityContact | None
    period: object

    @property
    def figure_count(self):
        return sum(len(g.figures) for g in self.groups)


def needs_action(card):
    """Worse than expected or not on track: the two signals the summary gives."""
    return card.vs_expected == "worse" or card.target == "off_track"


def question_url(reform, card, *, municipality, period):
    """The reform's question form, prefilled with the figure (indicator, month, value)."""
    query = {
        "indicator": card.indicator.code,
        "period": format_period(period) if period else "",
        "value": card.value_text,
        "municipality": municipality.code,
    }
    return f"{reverse('reforms:question_create', args=[reform.slug])}?{urlencode(query)}"


def lever_evidence_text(lever):
    """'Brugt af 62 % af kommunerne; 41 % regner det blandt de tre vigtigste greb.' or ''."""
    parts = []
    if lever.used_share is not None:
        parts.append(
            gettext("brugt af %(share)s %% af kommunerne")
            % {"share": da_number(float(lever.used_share), 0)}
        )
    if lever.top3_share is not None:
        parts.append(
            gettext("%(share)s %% regner det blandt de tre vigtigste greb")
            % {"share": da_number(float(lever.top3_share), 0)}
        )
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def benchmark_actions(benchmark, summary, *, can_ask=True):
    """Actions for the Summary of a Benchmark. can_ask: the viewer may ask STAR a question
    (a job-centre manager, or STAR staff on the municipality's behalf)."""
    municipality = benchmark.municipality
    groups = {}
    for card in summary.cards:
        if not needs_action(card):
            continue
        reform = card.indicator.reform
        group = groups.setdefault(
            reform.pk if reform else None, ActionGroup(reform=reform, figures=[], levers=[])
        )
        url = None
        if can_ask and reform is not None:
            url = question_url(reform, card, municipality=municipality, period=benchmark.period)
        group.figures.append(ActionFigure(card=card, question_url=url))
    reform_ids = [key for key in groups if key is not None]
    if reform_ids:
        for lever in Lever.objects.filter(reform_id__in=reform_ids).order_by(
            F("top3_share").desc(nulls_last=True), F("used_share").desc(nulls_last=True), "name"
        ):
            lever.evidence_text = lever_evidence_text(lever)
            groups[lever.reform_id].levers.append(lever)
    contact = (
        MunicipalityContact.objects.select_related("person__office")
        .filter(municipality_id=municipality.code)
        .first()
    )
    return Actions(groups=list(groups.values()), contact=contact, period=benchmark.period)

"""The manager's two-minute answer at the top of the benchmark page (issue 18, CONTRACT.md §7
`summary`): one verdict sentence and one card per sigtelinje, built only from the figures that
`benchmark_for` already holds (no queries), so the page, the API and later the PDF and the
quarterly e-mail say the same words.

A figure is *as expected* when its distance from the model's expected level is within
`settings.BENCHMARK_EXPECTED_TOLERANCE` (a share of the expected level, default 0.05 = 5 %);
beyond it, better or worse by the indicator's direction.
"""

import dataclasses

from django.conf import settings
from django.utils.translation import gettext, ngettext

from core.formatting import da_date, da_month, da_number
from indicators.models import Indicator

DEFAULT_TOLERANCE = 0.05

#: TargetStatus.status -> the contract's card `target`.
_TARGET = {"reached": "on_track", "on_track": "on_track", "off_track": "off_track"}


@dataclasses.dataclass
class SummaryCard:
    """One sigtelinje of the summary: the figure and what the manager reads off it."""

    figure: object
    vs_expected: str | None  # "better" | "as_expected" | "worse" | None
    target: str | None  # "on_track" | "off_track" | None

    @property
    def indicator(self):
        return self.figure.indicator

    @property
    def value(self):
        return self.figure.row.value if self.figure.has_value else None

    @property
    def change_12m(self):
        return self.figure.row.change_12m if self.figure.has_value else None

    @property
    def value_text(self):
        if self.figure.suppressed:
            return gettext("<5 (diskretioneret)")
        if self.value is None:
            return gettext("Intet tal")
        return f"{da_number(self.value, self.figure.decimals)} {self.indicator.unit}".strip()

    @property
    def missing_text(self):
        """Said plainly when there is no figure to show, else ''."""
        if self.figure.suppressed:
            return gettext(
                "Diskretioneret: tallet vises ikke, fordi tæller eller nævner er under 5 personer."
            )
        if self.value is None:
            return gettext("Ingen værdi: kilden mangler data for måneden.")
        return ""

    @property
    def trend_arrow(self):
        change = self.change_12m
        if change is None:
            return ""
        return "↑" if change > 0 else ("↓" if change < 0 else "→")

    @property
    def trend_text(self):
        change = self.change_12m
        if change is None:
            return gettext("Ingen udvikling over 12 måneder")
        text = da_number(change, self.figure.decimals)
        if change > 0 and text.strip("0,."):
            text = f"+{text}"
        return gettext("%(change)s på 12 måneder") % {"change": text}

    @property
    def expected_text(self):
        return {
            "better": gettext("Bedre end forventet"),
            "as_expected": gettext("Som forventet"),
            "worse": gettext("Dårligere end forventet"),
            None: gettext("Intet forventet niveau"),
        }[self.vs_expected]

    @property
    def target_text(self):
        return {
            "on_track": gettext("På sporet"),
            "off_track": gettext("Ikke på sporet"),
            None: gettext("Intet mål"),
        }[self.target]


@dataclasses.dataclass
class Summary:
    verdict: str
    cards: list[SummaryCard]
    tolerance: float

    @property
    def tolerance_text(self):
        """The stated tolerance in percent, e.g. '5'."""
        return da_number(self.tolerance * 100, 0 if float(self.tolerance * 100).is_integer() else 1)


def tolerance():
    return float(getattr(settings, "BENCHMARK_EXPECTED_TOLERANCE", DEFAULT_TOLERANCE))


def vs_expected(figure, share=None):
    """ "better" | "as_expected" | "worse" against the model's expected level, or None when the
    month has no shown value or no expected level."""
    if not figure.has_value or figure.row.expected is None:
        return None
    share = tolerance() if share is None else share
    difference = figure.row.value - figure.row.expected
    if abs(difference) <= share * abs(figure.row.expected):
        return "as_expected"
    if figure.indicator.direction == Indicator.Direction.LOWER_IS_BETTER:
        difference = -difference
    return "better" if difference > 0 else "worse"


def _target(figure):
    status = figure.target_status
    return _TARGET.get(status.status) if status else None


def _lower_first(name):
    """'Kontanthjælpsmodtagere pr. 1.000' -> 'kontanthjælpsmodtagere pr. 1.000' (mid-sentence);
    an abbreviation such as 'STAR-...' stays."""
    if len(name) > 1 and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _join(names):
    if len(names) <= 1:
        return "".join(names)
    return gettext("%(first)s og %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _verdict(benchmark, cards):
    name = benchmark.municipality.name
    n = len(cards)
    if not n:
        return gettext("Der er endnu ingen sigtelinjer med tal for %(name)s.") % {"name": name}
    judged = [c for c in cards if c.vs_expected]
    better = sum(c.vs_expected == "better" for c in cards)
    worse = sum(c.vs_expected == "worse" for c in cards)
    if not judged:
        parts = [
            gettext("For %(name)s er der intet forventet niveau for sigtelinjerne i %(month)s")
            % {"name": name, "month": da_month(benchmark.period)}
        ]
    else:
        text = ngettext(
            "%(name)s ligger bedre end forventet på %(better)d af %(n)d sigtelinje",
            "%(name)s ligger bedre end forventet på %(better)d af %(n)d sigtelinjer",
            n,
        ) % {"name": name, "better": better, "n": n}
        if worse:
            text += gettext(" og dårligere end forventet på %(worse)d") % {"worse": worse}
        parts = [text]
    missing = n - len([c for c in cards if c.value is not None])
    if missing:
        parts.append(
            ngettext(
                "%(count)d sigtelinje har intet tal, der kan vises",
                "%(count)d sigtelinjer har intet tal, der kan vises",
                missing,
            )
            % {"count": missing}
        )
    off = [c for c in cards if c.target == "off_track"]
    with_target = [c for c in cards if c.target]
    if len(off) == 1:
        parts.append(
            gettext("%(indicator)s er ikke på sporet mod målet for %(date)s")
            % {
                "indicator": _lower_first(off[0].indicator.name),
                "date": da_date(off[0].figure.target.target_date),
            }
        )
    elif off:
        parts.append(
            gettext("%(indicators)s er ikke på sporet mod deres mål")
            % {"indicators": _join([_lower_first(c.indicator.name) for c in off])}
        )
    elif with_target:
        parts.append(
            ngettext(
                "sigtelinjen med mål er på sporet",
                "alle %(count)d sigtelinjer med mål er på sporet",
                len(with_target),
            )
            % {"count": len(with_target)}
        )
    return "; ".join(parts) + "."


def card_for(figure):
    """The SummaryCard of one figure (the PDF's overview words every indicator with it)."""
    return SummaryCard(figure=figure, vs_expected=vs_expected(figure), target=_target(figure))


def benchmark_summary(benchmark):
    """The Summary of a Benchmark (from `benchmark_for`): the verdict and one card per
    sigtelinje, sigtelinjer first in the page's reform order. No queries."""
    cards = [card_for(f) for section in benchmark.sections for f in section.sigtelinjer]
    return Summary(verdict=_verdict(benchmark, cards), cards=cards, tolerance=tolerance())


def summary_dict(summary):
    """The contract's `summary` (CONTRACT.md §7)."""
    return {
        "verdict": summary.verdict,
        "cards": [
            {
                "indicator": c.indicator.code,
                "value": c.value,
                "change_12m": c.change_12m,
                "vs_expected": c.vs_expected,
                "target": c.target,
            }
            for c in summary.cards
        ],
    }

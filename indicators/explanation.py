"""A figure's explanation ("Sådan er tallet beregnet"), built once here and rendered as it is by
every surface:

- the benchmark page and the indicator page: the template partial
  ``indicators/_explanation.html`` (a definition list of ``Explanation.items``), the PDF
  report: ``benchmarks/report/_explanation.html`` (the same items as one paragraph: a
  WeasyPrint box per term and per definition cost a tenth of a report, docs/reports.md);
- ``/api/v1/values/``: its ``formula``, ``source`` and ``data_as_of`` fields;
- the benchmark API: the figure's ``explanation`` object (``Explanation.as_dict``);
- the CSV/XLSX downloads: the columns of ``Explanation.cells``.

`benchmarks.selectors.benchmark.benchmark_for` attaches one to each figure.
"""

import dataclasses
import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.formatting import MISSING, da_number


def _number(value):
    text = f"{value:g}"
    return text.replace(".", ",")


def indicator_formula_text(indicator):
    """The formula of an indicator in Danish words (its description, or generated)."""
    if indicator.formula_description:
        return indicator.formula_description
    numerator = indicator.numerator.name
    if indicator.is_count:
        if indicator.scale == 1:
            return _("%(n)s") % {"n": numerator}
        return _("%(s)s gange %(n)s") % {"s": _number(indicator.scale), "n": numerator}
    text = _("%(n)s divideret med %(d)s") % {"n": numerator, "d": indicator.denominator.name}
    if indicator.scale != 1:
        text = _("%(text)s, gange %(s)s") % {"text": text, "s": _number(indicator.scale)}
    return text


def _measures(indicator):
    return [indicator.numerator] + ([indicator.denominator] if indicator.denominator_id else [])


def indicator_sources(indicator):
    """The distinct sources of the indicator's numerator and denominator measures."""
    return ", ".join(_distinct_sources(indicator))


def _distinct_sources(indicator):
    sources = []
    for measure in _measures(indicator):
        if measure.source and measure.source not in sources:
            sources.append(measure.source)
    return sources


def value_data_as_of(value):
    """The date the figure's data is as of: when its numerator observation was imported, else
    when the computation that produced it finished. Reads ``value.data_imported_at`` where the
    query annotated it (``indicators.selectors.with_data_as_of``)."""
    stamp = getattr(value, "data_imported_at", None)
    if stamp is None and value.run_id is not None:
        stamp = value.run.finished_at
    return timezone.localtime(stamp).date() if stamp else None


def suppression_rule(indicator):
    """The rule that hides small numbers (CONTRACT.md §6), in words, with the threshold."""
    below = settings.SUPPRESS_BELOW
    if indicator.is_count:
        return _("Tal vises ikke (»<%(n)s«), når tælleren er mellem 1 og %(m)s.") % {
            "n": below,
            "m": below - 1,
        }
    return _(
        "Tal vises ikke (»<%(n)s«), når nævneren er under %(n)s eller tælleren er mellem 1 og "
        "%(m)s."
    ) % {"n": below, "m": below - 1}


@dataclasses.dataclass(frozen=True)
class Term:
    """The numerator or the denominator of a figure: its measure and, where shown, its count."""

    code: str
    name: str
    unit: str
    source: str
    value: float | None  # None when the figure is suppressed or missing, or for the indicator

    def as_dict(self):
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Explanation:
    """How one figure is computed, from what, as of when, and when it is hidden."""

    formula: str
    numerator: Term
    denominator: Term | None
    scale: float
    sources: tuple
    as_of: datetime.date | None
    suppressed: bool
    suppression_rule: str

    @property
    def source(self):
        """The sources as one text, numerator's first."""
        return ", ".join(self.sources)

    def as_dict(self):
        """The JSON shape (the benchmark API's ``explanation``)."""
        return {
            "formula": self.formula,
            "numerator": self.numerator.as_dict(),
            "denominator": self.denominator.as_dict() if self.denominator else None,
            "scale": self.scale,
            "source": self.source,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "suppressed": self.suppressed,
            "suppression_rule": self.suppression_rule,
        }

    def items(self):
        """[(label, text)]: the explanation as the pages and the PDF print it, in order
        (formula, numerator, denominator, scale unless 1, source, data as of, suppression)."""
        items = [
            (_("Formel"), self.formula),
            (_("Tæller"), self._term_text(self.numerator)),
            (
                _("Nævner"),
                self._term_text(self.denominator) if self.denominator else _("Ingen (antal)"),
            ),
        ]
        if self.scale != 1:
            items.append((_("Skala"), da_number(self.scale, 0)))
        items += [
            (_("Kilde"), self.source or MISSING),
            (_("Data pr."), date_format(self.as_of) if self.as_of else MISSING),
            (_("Diskretionering"), self.suppression_rule),
        ]
        return items

    def _term_text(self, term):
        """'Name (code): 1.234 unit. Kilde: source' (the count only where shown)."""
        text = f"{term.name} ({term.code})"
        if term.value is not None:
            text += f": {da_number(term.value, 0)} {term.unit}".rstrip()
        elif self.suppressed:
            text += f": {_('skjult')}"
        if term.source:
            text += f". {_('Kilde')}: {term.source}"
        return text

    #: The download columns of cells(), in order.
    @staticmethod
    def headers():
        return [_("Formel"), _("Kilde"), _("Data pr."), _("Diskretionering")]

    def cells(self):
        """The CSV/XLSX cells under headers()."""
        return [
            self.formula,
            self.source,
            self.as_of.isoformat() if self.as_of else None,
            self.suppression_rule,
        ]


def _term(measure, value):
    return Term(measure.code, measure.name, measure.unit, measure.source, value)


def explain(indicator, value=None):
    """The Explanation of indicator's figure value (an IndicatorValue, or None for the
    indicator alone). A suppressed figure's numerator and denominator stay hidden."""
    shown = value is not None and not value.suppressed
    denominator = indicator.denominator if indicator.denominator_id else None
    return Explanation(
        formula=indicator_formula_text(indicator),
        numerator=_term(indicator.numerator, value.numerator if shown else None),
        denominator=_term(denominator, value.denominator if shown else None)
        if denominator
        else None,
        scale=indicator.scale,
        sources=tuple(_distinct_sources(indicator)),
        as_of=value_data_as_of(value) if value is not None else None,
        suppressed=bool(value is not None and value.suppressed),
        suppression_rule=suppression_rule(indicator),
    )

"""The explanation of a figure in words: the formula, the sources and the date its data is as
of (the page's explanation, ``/api/v1/values/``)."""

from django.utils import timezone
from django.utils.translation import gettext as _


def _number(value):
    text = f"{value:g}"
    return text.replace(".", ",")


def indicator_formula_text(indicator):
    """The formula of an indicator in Danish words (its description, or generated)."""
    if indicator.formula_description:
        return indicator.formula_description
    numerator = indicator.numerator.name
    if indicator.denominator_id is None:
        if indicator.scale == 1:
            return _("%(n)s") % {"n": numerator}
        return _("%(s)s gange %(n)s") % {"s": _number(indicator.scale), "n": numerator}
    text = _("%(n)s divideret med %(d)s") % {"n": numerator, "d": indicator.denominator.name}
    if indicator.scale != 1:
        text = _("%(text)s, gange %(s)s") % {"text": text, "s": _number(indicator.scale)}
    return text


def indicator_sources(indicator):
    """The distinct sources of the indicator's numerator and denominator measures."""
    measures = [indicator.numerator] + ([indicator.denominator] if indicator.denominator_id else [])
    sources = []
    for measure in measures:
        if measure.source and measure.source not in sources:
            sources.append(measure.source)
    return ", ".join(sources)


def value_data_as_of(value):
    """The date the figure's data is as of: when its numerator observation was imported, else
    when the computation that produced it finished."""
    stamp = getattr(value, "data_imported_at", None)
    if stamp is None and value.run_id is not None:
        stamp = value.run.finished_at
    return timezone.localtime(stamp).date() if stamp else None

"""The comparable municipalities of a figure, with their figures (issue 18, point 2).

A *peer view* is one way of choosing whom a municipality is compared with:

- ``model`` (the default and CONTRACT §6's ``peers``): the 10 other municipalities in the
  month's fit whose expected level is nearest the municipality's, as stored by the computation;
- ``guarded``: the same rule among the municipalities whose population (``Municipality.
  population``, Statistics Denmark's folketal in indicators/data/kommuner.csv) is within
  ``settings.BENCHMARK_PEER_POPULATION_RATIO`` times the municipality's, either way. Offered only
  when that setting is set (default None: off).

- ``klyngen``: the other municipalities of its jobindsats cluster in the indicator's benefit
  group (``indicators.clusters``), best value first; offered only where a classification is
  loaded (``MonthData.clusters``).

Further views register with ``register_peer_view``. Every view is built
from what ``benchmark_for`` already read in its bulk queries (``MonthData``): the month's fitted
rows of every indicator, the framework-condition values and the municipalities' names and
populations, so a view costs no query.
"""

import dataclasses

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from indicators.clusters import indicator_benefit_group
from indicators.computation.arithmetic import PEER_COUNT, PEER_TIE_TOLERANCE

DEFAULT_VIEW = "model"


@dataclasses.dataclass
class PeerContext:
    """What a peer view may choose from, for one indicator, municipality and month."""

    indicator: object
    code: int  # the municipality's
    row: object  # its IndicatorValue or None
    fit: dict  # code -> (value, expected, residual) of the month's fit (unsuppressed, ranked)
    month: object  # MonthData (names, populations, clusters)
    values: dict = dataclasses.field(default_factory=dict)  # code -> the month's ranked value


@dataclasses.dataclass
class PeerView:
    """A registered way to choose the peers: key (the ?peers= value), tab label, one sentence
    saying how it chooses, and choose(context) -> peer codes, nearest first, or None."""

    key: str
    label: str
    how: str
    choose: object
    available: object = None  # () -> bool; None = always
    #: (MonthData) -> bool: whether the month's data offer the view (None = always); read from
    #: what benchmark_for already loaded, so it costs no query.
    offered: object = None

    def is_available(self):
        return self.available is None or bool(self.available())

    def is_offered(self, month):
        return self.offered is None or bool(self.offered(month))


_VIEWS = {}


def register_peer_view(key, *, label, how, choose, available=None, offered=None):  # noqa: PLR0913
    """Add a view (kept in registration order: the switch lists them so)."""
    _VIEWS[key] = PeerView(key, label, how, choose, available, offered)
    return _VIEWS[key]


def peer_views(month=None):
    """The views offered now, in order (the model's first): without month those offered
    whatever the data; with month also those the month's data offer (the cluster view)."""
    return [
        v
        for v in _VIEWS.values()
        if v.is_available() and (v.is_offered(month) if month is not None else v.offered is None)
    ]


def peer_view(key):
    """The offered view of key, else the model's."""
    view = _VIEWS.get(key)
    if view is None or not view.is_available():
        view = _VIEWS[DEFAULT_VIEW]
    return view


def nearest_by_expected(code, fit, *, allowed=None, count=PEER_COUNT):
    """CONTRACT §6's peer rule over the month's fit: the `count` other municipalities whose
    expected value is closest to code's, nearest first; distances equal within
    PEER_TIE_TOLERANCE × the range of the period's expected values (the whole fit's) tie and go
    by ascending code. allowed: the codes that may be chosen (None: all). None when code is
    outside the fit."""
    if code not in fit:
        return None
    expected = {c: v[1] for c, v in fit.items() if v[1] is not None}
    if code not in expected:
        return None
    spread = max(expected.values()) - min(expected.values())
    tolerance = PEER_TIE_TOLERANCE * spread
    own = expected[code]
    candidates = sorted(
        (abs(e - own), c)
        for c, e in expected.items()
        if c != code and (allowed is None or c in allowed)
    )
    keyed, group, previous = [], 0, None
    for distance, c in candidates:
        if previous is not None and distance - previous > tolerance:
            group += 1
        keyed.append((group, c))
        previous = distance
    return [c for _group, c in sorted(keyed)[:count]]


def population_ratio():
    """settings.BENCHMARK_PEER_POPULATION_RATIO (> 1), or None when the guard is off."""
    ratio = getattr(settings, "BENCHMARK_PEER_POPULATION_RATIO", None)
    return float(ratio) if ratio else None


def within_population(code, populations, ratio):
    """The codes whose population is within ratio × code's either way (those without a
    population figure are left out)."""
    own = populations.get(code)
    if not own:
        return set()
    return {c for c, p in populations.items() if p and max(p, own) / min(p, own) <= ratio}


def _model(context):
    if context.row is None or context.row.peers is None:
        return None
    return list(context.row.peers)


def _guarded(context):
    ratio = population_ratio()
    if ratio is None or context.row is None or context.row.peers is None:
        return None
    allowed = within_population(context.code, context.month.populations, ratio)
    return nearest_by_expected(context.code, context.fit, allowed=allowed)


register_peer_view(
    "model",
    label=gettext_lazy("Modellens 10 sammenlignelige"),
    how=gettext_lazy(
        "De 10 kommuner, hvis forventede niveau ud fra rammevilkårene ligger nærmest kommunens "
        "eget forventede niveau (nærmeste først)."
    ),
    choose=_model,
)
register_peer_view(
    "guarded",
    label=gettext_lazy("Kommuner af samme størrelse"),
    how=gettext_lazy(
        "Samme regel som modellens, men kun blandt kommuner, hvis folketal højst er %(ratio)s "
        "gange større eller mindre end kommunens eget."
    ),
    choose=_guarded,
    available=lambda: population_ratio() is not None,
)


def _cluster_members(context):
    """The municipality's jobindsats cluster in the indicator's benefit group: (cluster name,
    codes of the other members), or (None, [])."""
    group = indicator_benefit_group(context.indicator)
    clusters = context.month.clusters.get(group, {})
    own = clusters.get(context.code)
    if own is None:
        return None, []
    return own, [c for c, name in clusters.items() if name == own and c != context.code]


def _cluster(context):
    """Every other municipality of the cluster, best value first by the indicator's direction
    (those without a value for the month last, by name)."""
    own, members = _cluster_members(context)
    if own is None:
        return None
    lower = context.indicator.direction == "lower_is_better"

    def key(code):
        value = context.values.get(code)
        names = context.month.names
        if value is None:
            return (1, 0.0, names.get(code, ""))
        return (0, value if lower else -value, names.get(code, ""))

    return sorted(members, key=key)


register_peer_view(
    "klyngen",
    label=gettext_lazy("Klyngen"),
    how=gettext_lazy(
        "Kommunerne i samme jobindsats-klynge som kommunen (klyngeinddelingen for "
        "indikatorens ydelsesgruppe), bedste værdi først. Klyngens værdi er beregnet over alle "
        "klyngens kommuner, ligesom landstallet."
    ),
    choose=_cluster,
    offered=lambda month: bool(month.clusters),
)


@dataclasses.dataclass
class PeerRow:
    """One line of the peers table: a municipality's figure for the month and the framework
    conditions that placed it."""

    code: int
    name: str
    value: float | None
    expected: float | None
    residual: float | None
    population: int | None
    framework: list  # [(Measure, value or None)] in the indicator's framework order
    is_self: bool = False
    position: int | None = None  # 1 = nearest; None for the municipality itself


@dataclasses.dataclass
class PeerTable:
    """The peers of one figure under one view: the municipality's own row first."""

    view: PeerView
    measures: list  # the indicator's framework measures (the table's extra columns)
    own: PeerRow | None
    peers: list  # [PeerRow], nearest first; [] when the view has none

    @property
    def rows(self):
        return [self.own, *self.peers]

    @property
    def empty_text(self):
        return no_peers_text(self)


def view_how(view):
    """The view's sentence, with the population ratio where it names one."""
    text = str(view.how)
    return text % {"ratio": _ratio_text(population_ratio())} if "%(ratio)" in text else text


def _ratio_text(ratio):
    if ratio is None:
        return ""
    return (f"{ratio:g}").replace(".", ",")


def _row(code, context, measures, *, is_self=False, position=None):
    month = context.month
    fitted = context.fit.get(code)
    if fitted is None and is_self and context.row is not None and not context.row.suppressed:
        row = context.row
        fitted = (row.value, row.expected, row.residual)
    value, expected, residual = fitted or (context.values.get(code), None, None)
    return PeerRow(
        code=code,
        name=month.names.get(code, str(code)),
        value=value,
        expected=expected,
        residual=residual,
        population=month.populations.get(code),
        framework=[(m, month.framework.get((m.pk, code))) for m in measures],
        is_self=is_self,
        position=position,
    )


def peer_table(*, indicator, code, row, month, view):
    """The PeerTable of indicator for municipality code under view (no queries: from month)."""
    fit = month.fits.get(indicator.pk, {})
    measures = list(indicator.framework.all())  # prefetched by benchmark_for's indicators
    values = {c: v for _rank, c, v in month.ranked.get(indicator.pk, [])}
    context = PeerContext(
        indicator=indicator, code=code, row=row, fit=fit, month=month, values=values
    )
    chosen = view.choose(context) or []
    return PeerTable(
        view=view,
        measures=measures,
        own=_row(code, context, measures, is_self=True),
        peers=[_row(c, context, measures, position=i) for i, c in enumerate(chosen, start=1)],
    )


def peer_tables(*, indicator, code, row, month):
    """{view key: PeerTable} for every offered view."""
    return {
        v.key: peer_table(indicator=indicator, code=code, row=row, month=month, view=v)
        for v in peer_views(month)
    }


def no_peers_text(table):
    """Why a table has no peers, said plainly."""
    if table.own is None or table.own.expected is None:
        return gettext(
            "Kommunen indgår ikke i månedens model (tallet er diskretioneret, mangler, eller et "
            "rammevilkår mangler), så der er ingen sammenlignelige kommuner."
        )
    return gettext("Ingen kommuner opfylder betingelsen denne måned.")


@dataclasses.dataclass
class PeersSection:
    """The benchmark page's "Sammenlignelige kommuner": one view chosen of those offered, and
    its table for each figure, sigtelinjer first."""

    view: PeerView
    views: list  # [PeerView] offered, the switch's tabs
    items: list  # [(Figure, PeerTable)]

    @property
    def how(self):
        return view_how(self.view)


def peers_section(benchmark, view):
    """The PeersSection of benchmark under view (from the figures' peer_tables: no queries)."""
    figures = [f for s in benchmark.sections for f in s.sigtelinjer]
    figures += [f for s in benchmark.sections for f in s.implementation]
    # The views the month's data offer are those the figures have tables for (the cluster
    # view only where a classification is loaded); one they do not offer falls back to the
    # model's.
    keys = {key for f in figures for key in f.peer_tables}
    views = [v for v in _VIEWS.values() if v.is_available() and v.key in keys]
    views = views or [_VIEWS[DEFAULT_VIEW]]
    if view.key not in keys:
        view = _VIEWS[DEFAULT_VIEW]
    items = [(f, f.peer_tables[view.key]) for f in figures if view.key in f.peer_tables]
    return PeersSection(view=view, views=views, items=items)

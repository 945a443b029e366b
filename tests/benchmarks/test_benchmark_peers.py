"""Peers a manager believes (issue 18, point 2): the peers table's figures are the stored rows,
the population guard keeps small municipalities out when set and the model's peers (CONTRACT
§6) stay the default; the first view (point 6) shows the page's verdict and how fresh it is."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from benchmarks import cache as page_cache
from benchmarks.selectors.benchmark import benchmark_for
from benchmarks.selectors.peers import nearest_by_expected, peer_views
from benchmarks.selectors.summary import benchmark_summary
from core.demo import DemoOptions
from core.formatting import da_number
from indicators.demo import seed_indicators
from indicators.models import IndicatorValue, Municipality, Observation

pytestmark = pytest.mark.django_db

END = datetime.date(2025, 6, 1)
SMALL = {563: "Fanø", 482: "Langeland", 155: "Dragør"}


@pytest.fixture
def demo():
    """The demo indicators over two months, computed by the engine (real expected values,
    residuals and peers)."""
    seed_indicators(DemoOptions(seed=7, months=2, end=END, password="x"))
    page_cache.clear()
    return Municipality.objects.get(code=751)


def _stored(indicator, code):
    return IndicatorValue.objects.get(indicator=indicator, municipality_id=code, period=END)


def test_peers_table_figures_are_the_stored_rows(demo):
    benchmark = benchmark_for(municipality=demo)
    tables = [(f, f.peer_tables["model"]) for f in benchmark.figures]
    checked = 0
    for figure, table in tables:
        own = _stored(figure.indicator, 751)
        if own.peers is None:
            assert table.peers == []
            continue
        assert [r.code for r in table.peers] == own.peers  # the contract's peers, in order
        assert (table.own.value, table.own.expected, table.own.residual) == (
            own.value,
            own.expected,
            own.residual,
        )
        framework = list(figure.indicator.framework.all())
        for r in table.peers:
            stored = _stored(figure.indicator, r.code)
            assert (r.value, r.expected, r.residual) == (
                stored.value,
                stored.expected,
                stored.residual,
            )
            assert r.population == Municipality.objects.get(code=r.code).population
            assert [m.code for m, _v in r.framework] == [m.code for m in framework]
            for measure, value in r.framework:
                assert (
                    value
                    == Observation.objects.get(
                        measure=measure, municipality_id=r.code, period=END
                    ).value
                )
            checked += 1
    assert checked >= 30  # three demo sigtelinjer with framework conditions x 10 peers


def test_nearest_by_expected_is_the_computations_peer_rule(demo):
    """The guard's chooser without a guard gives the stored peers of every municipality."""
    rows = IndicatorValue.objects.filter(period=END, peers__isnull=False)
    fits = {}  # every indicator, those of a target group too
    for r in rows:
        fits.setdefault(r.indicator_id, {})[r.municipality_id] = (r.value, r.expected, r.residual)
    compared = 0
    for row in rows:
        assert nearest_by_expected(row.municipality_id, fits[row.indicator_id]) == row.peers
        compared += 1
    assert compared > 250


def test_guard_is_off_by_default_and_the_model_peers_are_shown(demo, client_for):
    assert [v.key for v in peer_views()] == ["model"]
    client = client_for("jc751")
    body = client.get("/benchmark/751/?peers=guarded").content.decode()
    assert 'data-peer-view="model"' in body  # an unoffered view falls back to the model's
    assert "star-peer-switch" not in body  # one view: no switch


@override_settings(BENCHMARK_PEER_POPULATION_RATIO=4)
def test_guard_keeps_small_municipalities_out(demo, client_for):
    assert [v.key for v in peer_views()] == ["model", "guarded"]
    benchmark = benchmark_for(municipality=demo)
    populations = dict(Municipality.objects.values_list("code", "population"))
    own = populations[751]
    for figure in benchmark.figures:
        stored = _stored(figure.indicator, 751)
        model = [r.code for r in figure.peer_tables["model"].peers]
        guarded = [r.code for r in figure.peer_tables["guarded"].peers]
        assert model == (stored.peers or [])  # the default stays the contract's
        if stored.peers is None:
            assert guarded == []
            continue
        assert guarded and not set(guarded) & set(SMALL)
        assert all(own / 4 <= populations[c] <= own * 4 for c in guarded)
        # The same rule on the allowed municipalities: nearest expected level first.
        distances = [abs(_stored(figure.indicator, c).expected - stored.expected) for c in guarded]
        assert distances == sorted(distances)

    client = client_for("jc751")
    first = benchmark.sections[0].sigtelinjer[0]
    guarded = [r.code for r in first.peer_tables["guarded"].peers]
    page = client.get("/benchmark/751/?peers=guarded").content.decode()
    assert 'data-peer-view="guarded"' in page
    assert 'aria-current="true"><span>Kommuner af samme størrelse' in page
    table = page.split(f'data-peers-for="{first.indicator.code}"')[1].split("</details>")[0]
    assert [int(c) for c in re.findall(r'data-peer="(\d+)"', table)] == [751, *guarded]
    default = client.get("/benchmark/751/").content.decode()
    table = default.split(f'data-peers-for="{first.indicator.code}"')[1].split("</details>")[0]
    stored = _stored(first.indicator, 751)
    assert [int(c) for c in re.findall(r'data-peer="(\d+)"', table)] == [751, *stored.peers]


def test_page_and_api_show_the_peers_figures(demo, client_for, api_for):
    benchmark = benchmark_for(municipality=demo)
    first = benchmark.sections[0].sigtelinjer[0]
    peer = first.peer_tables["model"].peers[0]
    stored = _stored(first.indicator, peer.code)
    page = html.unescape(client_for("jc751").get("/benchmark/751/").content.decode())
    row = page.split(f'data-peer="{peer.code}"')[1].split("</tr>")[0]
    assert da_number(stored.value, first.decimals) in row
    assert da_number(stored.expected, first.decimals) in row
    assert "Ministeriets benchmark" in page or not benchmark.official

    data = api_for("jc751").get("/api/v1/benchmark/751/").json()
    figures = {f["indicator"]: f for s in data["sections"] for f in s["figures"]}
    api = figures[first.indicator.code]
    assert [r["municipality"] for r in api["peer_tables"]["model"]] == api["peers"]
    assert api["peer_tables"]["model"][0] == {
        "municipality": peer.code,
        "name": peer.name,
        "value": stored.value,
        "expected": stored.expected,
        "residual": stored.residual,
        "population": peer.population,
        "framework": {m.code: v for m, v in peer.framework},
    }


def test_first_view_shows_the_pages_verdict_and_freshness(demo, client_for):
    """A manager's home is his benchmark page: the verdict, when last updated and the newest
    (provisional) month open it."""
    client = client_for("jc751")
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/benchmark/751/"
    page = html.unescape(response.content.decode())
    verdict = benchmark_summary(benchmark_for(municipality=demo)).verdict
    assert f'data-testid="summary-verdict">{verdict}</p>' in page
    api = client_for("jc751").get("/api/v1/benchmark/751/").json()
    assert api["summary"]["verdict"] == verdict
    fresh = page.split('data-testid="benchmark-freshness"')[1].split("</p>")[0]
    assert "Sidst opdateret" in fresh or "ikke registreret" in fresh
    assert "Nyeste måned: juni 2025" in fresh and "foreløbig" in fresh
    # Above the month selector, right under the summary.
    order = [page.index(k) for k in ("summary-verdict", "benchmark-freshness", "id_period")]
    assert order == sorted(order)


@override_settings(BENCHMARK_PEER_POPULATION_RATIO=4)
@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        ("jc101", "/benchmark/751/?peers=guarded", 404),
        ("jc101", "/api/v1/benchmark/751/", 404),
        ("jc751", "/benchmark/101/?peers=guarded", 404),
        ("akasse", "/benchmark/751/?peers=guarded", 403),
        ("jc751", "/benchmark/751/?peers=guarded", 200),
    ],
)
def test_other_municipalitys_peers_are_refused(demo, client_for, role, url, status):
    assert client_for(role).get(url).status_code == status


@override_settings(BENCHMARK_PEER_POPULATION_RATIO=4)
def test_guarded_view_keeps_the_queries_flat(demo, client_for):
    """The peers come from benchmark_for's bulk queries: the guarded page costs what the
    default page costs."""
    client = client_for("jc751")
    counts = []
    for url in ("/benchmark/751/", "/benchmark/751/?peers=guarded"):
        page_cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    # The page's own bound is test_benchmark_page's; here: the guarded view adds nothing.
    assert counts[0] == counts[1], counts

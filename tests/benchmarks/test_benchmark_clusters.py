"""The benchmark page's cluster view (issue 16, point 4): where a jobindsats classification is
loaded, each figure shows its cluster's value and the peers switch offers "Klyngen" with the
cluster's municipalities and their stored values; without one, nothing of it shows."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks import cache as page_cache
from benchmarks.selectors.benchmark import benchmark_for
from core.demo import DemoOptions
from indicators import clusters, services
from indicators.demo import seed_indicators
from indicators.models import IndicatorValue, Municipality

pytestmark = pytest.mark.django_db

END = datetime.date(2025, 6, 1)
ALL = "Ydelsesgrupper i alt"
CLUSTER = [751, 101, 461, 851, 147]  # Aarhus's invented cluster


@pytest.fixture
def demo():
    seed_indicators(DemoOptions(seed=7, months=2, end=END, password="x"))
    page_cache.clear()
    return Municipality.objects.get(code=751)


def _load():
    rows = [(c, "Storby") for c in CLUSTER] + [(860, "Nord"), (813, "Nord")]
    text = "municipality;cluster\n" + "\n".join(f"{c};{n}" for c, n in rows)
    clusters.clusters_load(data=text.encode(), file_name="k.csv", group=ALL)
    services.indicators_compute()
    page_cache.clear()


def test_without_a_classification_there_is_no_cluster_view(demo, client_for):
    benchmark = benchmark_for(municipality=demo)
    assert all("klyngen" not in f.peer_tables and f.cluster is None for f in benchmark.figures)
    page = client_for("jc751").get("/benchmark/751/?peers=klyngen").content.decode()
    assert 'data-peer-view="klyngen"' not in page  # no tab, and the model's view instead
    assert 'id="peers" aria-labelledby="peers-heading" data-peer-view="model"' in page
    assert "Klyngen (" not in page


def test_cluster_view_lists_the_cluster_with_stored_values(demo, client_for, api_for):
    _load()
    benchmark = benchmark_for(municipality=demo)
    checked = 0
    for figure in benchmark.figures:
        table = figure.peer_tables["klyngen"]
        assert figure.cluster == "Storby"
        assert sorted(r.code for r in table.peers) == sorted(set(CLUSTER) - {751})
        values = []
        for r in table.peers:
            stored = IndicatorValue.objects.get(
                indicator=figure.indicator, municipality_id=r.code, period=END
            )
            assert r.value == (None if stored.suppressed else stored.value)
            values.append(r.value)
        shown = [v for v in values if v is not None]
        best_first = sorted(shown, reverse=figure.indicator.direction != "lower_is_better")
        assert shown == best_first and values[: len(shown)] == shown
        own = IndicatorValue.objects.get(
            indicator=figure.indicator, municipality_id=751, period=END
        )
        assert figure.row.cluster_value == own.cluster_value
        checked += 1
    assert checked >= 4

    client = client_for("jc751")
    page = client.get("/benchmark/751/?peers=klyngen").content.decode()
    assert 'id="peers" aria-labelledby="peers-heading" data-peer-view="klyngen"' in page
    assert 'class="tab-button" data-peer-view="klyngen" aria-current="true"' in page
    assert 'class="tab-button" data-peer-view="model"' in page
    first = benchmark.figures[0]
    assert "Storby i klyngeinddelingen for Ydelsesgrupper i alt" in html.unescape(page)
    assert re.search(r'data-testid="cluster-value-[a-z_]+">[0-9.,]+<', page)
    for code in set(CLUSTER) - {751}:
        assert f'data-peer="{code}"' in page
    assert 'data-peer="860"' not in page
    # The API's figures carry the same table under "klyngen".
    answer = api_for("jc751").get("/api/v1/benchmark/751/").json()
    assert "klyngen" in str(answer)
    assert first.cluster == "Storby"


def test_cluster_view_keeps_the_queries_flat(demo, client_for):
    _load()
    client = client_for("jc751")
    counts = []
    for url in ("/benchmark/751/", "/benchmark/751/?peers=klyngen"):
        page_cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_a_municipality_outside_every_cluster_sees_no_cluster_value(demo, client_for):
    _load()
    page = client_for("jc101").get("/benchmark/101/").content.decode()
    assert "Klyngen (Storby)" in page
    page = client_for("staff").get("/benchmark/147/?peers=klyngen").content.decode()
    assert 'data-peer="751"' in page
    page = client_for("staff").get("/benchmark/630/?peers=klyngen").content.decode()
    assert "Kommunen har ingen klynge i indikatorens ydelsesgruppe." in page
    assert "Klyngen (" not in page

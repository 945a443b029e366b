"""The benchmarks demo step is idempotent and only acts when indicators/reforms exist."""

import pytest

from benchmarks.demo import seed_benchmarks
from benchmarks.models import MunicipalTarget
from core.demo import DemoOptions
from core.periods import add_months
from tests.benchmark_data import END, fill_values, make_indicator, make_reform

pytestmark = pytest.mark.django_db


def test_demo_step_is_idempotent():
    options = DemoOptions(seed=1, months=14, end=END, password="x")
    assert seed_benchmarks(options) == "0 resultatmål"
    indicator = make_indicator("demo_sig", reform=make_reform())
    fill_values([indicator], months=14, end=END)
    seed_benchmarks(options)
    targets = MunicipalTarget.objects.count()
    assert targets == 4
    assert MunicipalTarget.objects.first().baseline_period == add_months(END, -12)
    assert seed_benchmarks(options) == "0 resultatmål"
    assert MunicipalTarget.objects.count() == targets

"""Municipal benchmark pages, monthly PDF reports and their quarterly dispatch."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarksConfig(AppConfig):
    name = "benchmarks"
    verbose_name = _("Benchmark")

"""Municipal benchmark pages, monthly PDF reports and their quarterly dispatch."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarksConfig(AppConfig):
    name = "benchmarks"
    verbose_name = _("Benchmark")

    def ready(self):
        from . import home  # noqa: F401 - registers the home-page panel

"""Municipal benchmark pages, monthly PDF reports and their quarterly dispatch."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarksConfig(AppConfig):
    name = "benchmarks"
    verbose_name = _("Benchmark")

    def ready(self):
        from indicators.signals import computation_succeeded

        from . import home  # noqa: F401 - registers the home-page panel
        from .receivers import computation_succeeded_request_reports

        computation_succeeded.connect(
            computation_succeeded_request_reports, dispatch_uid="benchmarks.request_reports"
        )

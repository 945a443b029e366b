"""Municipal benchmark pages, monthly PDF reports and their quarterly dispatch."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarksConfig(AppConfig):
    name = "benchmarks"
    verbose_name = _("Benchmark")

    def ready(self):
        from django.db.models.signals import post_save

        from indicators.models import NationalTarget
        from indicators.signals import computation_succeeded

        from . import home  # noqa: F401 - registers the home-page panel
        from .receivers import (
            computation_succeeded_request_reports,
            national_target_saved_update_followers,
        )

        computation_succeeded.connect(
            computation_succeeded_request_reports, dispatch_uid="benchmarks.request_reports"
        )
        # A municipal target that follows the national target moves with it.
        post_save.connect(
            national_target_saved_update_followers,
            sender=NationalTarget,
            dispatch_uid="benchmarks.follow_national_target",
        )

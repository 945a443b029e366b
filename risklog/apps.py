"""The implementation plan (initiatives, status, meeting packs) and the risk log."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisklogConfig(AppConfig):
    name = "risklog"
    verbose_name = _("Implementeringsplan og risikolog")

    def ready(self):
        from . import (
            home,  # noqa: F401 - registers the home-page panel
            track,
        )

        track.register()  # initiatives and risks in the reform's på sporet status

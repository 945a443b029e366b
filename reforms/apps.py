"""Reforms, their four phases, groups, meetings, escalations and the reform page."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReformsConfig(AppConfig):
    name = "reforms"
    verbose_name = _("Reformer")

    def ready(self):
        from . import (
            home,  # noqa: F401  (registers the home-page panels)
            track,  # noqa: F401  (the checklist and deadline source of på sporet)
        )
        from .followups import home as followup_home  # noqa: F401

"""Reforms, their four phases, groups, meetings, escalations and the reform page."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReformsConfig(AppConfig):
    name = "reforms"
    verbose_name = _("Reformer")

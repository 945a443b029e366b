"""The risk log: risks, assessments on the 5 x 5 matrix and mitigation actions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisklogConfig(AppConfig):
    name = "risklog"
    verbose_name = _("Risikolog")

"""Cross-cutting pieces: the UI shell, base views and viewsets, health check and demo data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Fælles")

"""Municipalities, measures, observations, imports and the computed indicators."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indikatorer")

    def ready(self):
        # Task modules besides tasks.py are registered here (Celery autodiscovers tasks.py).
        from . import tasks_jobindsats  # noqa: F401

"""The base model every editable model of the project derives from."""

from django.db import models
from rules.contrib.models import RulesModelBase, RulesModelMixin


class StarModel(RulesModelMixin, models.Model, metaclass=RulesModelBase):
    """A model whose permissions are django-rules predicates in ``Meta.rules_permissions`` and
    whose relation to a municipality is ``municipality_field`` (see core.access)."""

    municipality_field = None

    class Meta:
        abstract = True


class TimeStampedModel(StarModel):
    """StarModel with created/updated timestamps."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """The last time each Celery worker ran the heartbeat task (shown by /healthz)."""

    worker = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "worker heartbeat"

    def __str__(self):
        return f"{self.worker} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"

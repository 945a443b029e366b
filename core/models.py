"""The base model every editable model of the project derives from."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
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


class NotificationFailure(models.Model):
    """A notification e-mail about an object that could not be sent: shown on the object's page
    and in the staff digest until a later attempt succeeds (which deletes the row)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("notifikation"), max_length=60)
    error = models.CharField(_("fejl"), max_length=500)
    attempts = models.PositiveIntegerField(_("forsøg"), default=1)
    first_failed_at = models.DateTimeField(_("først fejlet"), auto_now_add=True)
    last_failed_at = models.DateTimeField(_("sidst fejlet"), auto_now=True)

    class Meta:
        verbose_name = _("mislykket notifikation")
        verbose_name_plural = _("mislykkede notifikationer")
        ordering = ["-last_failed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"], name="notification_failure_once"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.content_type.model}:{self.object_id}"

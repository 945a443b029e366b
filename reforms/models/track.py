"""The history of a reform's *på sporet* status (reforms.track)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .organisation import STAR_RULES
from .reform import Reform


class TrackSnapshot(TimeStampedModel):
    """A reform's *på sporet* status in one month (reforms.track), kept as history: the beat
    task updates the current month's row every day, so a past month keeps its last judgement."""

    class Status(models.TextChoices):
        GREEN = "green", _("Grøn")
        AMBER = "amber", _("Gul")
        RED = "red", _("Rød")

    reform = models.ForeignKey(
        Reform, on_delete=models.CASCADE, related_name="track_snapshots", verbose_name=_("reform")
    )
    period = models.DateField(_("måned"), help_text=_("Månedens første dag."))
    status = models.CharField(_("status"), max_length=5, choices=Status.choices)
    reasons = models.JSONField(_("begrundelser"), default=list, blank=True)

    class Meta:
        verbose_name = _("statusbillede")
        verbose_name_plural = _("statusbilleder")
        ordering = ["reform", "period"]
        rules_permissions = STAR_RULES
        constraints = [
            models.UniqueConstraint(fields=["reform", "period"], name="track_snapshot_unique")
        ]

    def __str__(self):
        return f"{self.reform} {self.period:%Y-%m}: {self.status}"


class SteeringDigest(models.Model):
    """One steering member's monthly *på sporet* digest (reforms.digest): the row makes sure that
    each address gets a month's digest exactly once, however often the task runs."""

    email = models.EmailField(_("e-mail"))
    period = models.DateField(_("måned"), help_text=_("Månedens første dag."))
    reforms = models.PositiveSmallIntegerField(_("reformer"), default=0)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("styregruppens månedsoversigt")
        verbose_name_plural = _("styregruppens månedsoversigter")
        constraints = [
            models.UniqueConstraint(fields=["email", "period"], name="steering_digest_unique")
        ]

    def __str__(self):
        return f"{self.email} {self.period:%Y-%m}"

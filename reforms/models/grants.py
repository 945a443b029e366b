"""A reform's grant to the municipalities: tranches (share, due month, an optional milestone
condition) and each municipality's grant amount. Statuses are computed, never stored
(benchmarks/grants/selectors.py); every change of a tranche or an amount is kept as history."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.rules import can_read_municipal, is_authenticated, is_star_staff
from core.models import TimeStampedModel

from .organisation import STAR_RULES
from .reform import Reform


class GrantTranche(TimeStampedModel):
    """A tranche of the reform's grant: share (percent) of each municipality's grant, paid when
    earned by the due month (CONTRACT §7 `grant-tranches`)."""

    reform = models.ForeignKey(
        Reform, on_delete=models.CASCADE, related_name="grant_tranches", verbose_name=_("reform")
    )
    name = models.CharField(_("navn"), max_length=200)
    share = models.FloatField(
        _("andel af tilskuddet (%)"),
        validators=[MinValueValidator(0.01), MaxValueValidator(100)],
    )
    due = models.DateField(_("forfaldsmåned"), help_text=_("Månedens første dag."))
    condition = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_tranches",
        verbose_name=_("betingelse: milepæl for indikator"),
        help_text=_("Tom: raten er optjent, når forfaldsmåneden er nået."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tilskudsrate")
        verbose_name_plural = _("tilskudsrater")
        ordering = ["reform", "due", "pk"]
        rules_permissions = {**STAR_RULES, "view": is_authenticated}

    def __str__(self):
        return f"{self.reform}: {self.name} ({self.share:g} %)"


class GrantAmount(TimeStampedModel):
    """One municipality's whole grant under a reform (loaded from a file, all or nothing)."""

    reform = models.ForeignKey(
        Reform, on_delete=models.CASCADE, related_name="grant_amounts", verbose_name=_("reform")
    )
    municipality = models.ForeignKey(
        "indicators.Municipality",
        on_delete=models.PROTECT,
        related_name="grant_amounts",
        verbose_name=_("kommune"),
    )
    amount = models.DecimalField(
        _("tilskud (kr.)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    history = HistoricalRecords()

    municipality_field = "municipality"

    class Meta:
        verbose_name = _("tilskudsbeløb")
        verbose_name_plural = _("tilskudsbeløb")
        ordering = ["reform", "municipality"]
        rules_permissions = {
            "view": can_read_municipal,
            "add": is_star_staff,
            "change": is_star_staff,
            "delete": is_star_staff,
        }
        constraints = [
            models.UniqueConstraint(fields=["reform", "municipality"], name="grant_amount_unique")
        ]

    def __str__(self):
        return f"{self.reform} {self.municipality_id}: {self.amount}"

"""Geography (regions, municipalities) and, later, measures, observations and indicators."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_authenticated, is_star_admin
from core.models import StarModel

#: Reference data: every logged-in user reads it; only administrators change it.
REFERENCE_DATA_RULES = {
    "view": is_authenticated,
    "add": is_star_admin,
    "change": is_star_admin,
    "delete": is_star_admin,
}


class Region(StarModel):
    """One of Denmark's five regions (DAGI regionskode 1081-1085)."""

    code = models.PositiveSmallIntegerField(_("regionskode"), primary_key=True)
    name = models.CharField(_("navn"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regioner")
        ordering = ["code"]
        rules_permissions = REFERENCE_DATA_RULES

    def __str__(self):
        return f"Region {self.name}"


class Municipality(StarModel):
    """One of the 98 municipalities (kommuner), keyed by its kommunekode (101 ... 860)."""

    code = models.PositiveSmallIntegerField(_("kommunekode"), primary_key=True)
    name = models.CharField(_("navn"), max_length=60, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    rar = models.CharField(_("RAR-område (historisk)"), max_length=60, blank=True)
    population = models.PositiveIntegerField(_("folketal"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("folketal, år"), null=True, blank=True)
    cluster = models.CharField(_("klynge"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]
        rules_permissions = REFERENCE_DATA_RULES

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("indicators:municipality_detail", args=[self.code])

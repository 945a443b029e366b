"""STAR's contact person for each municipality (its consultant at the labour-market office,
AMK): named under "Hvad kan I gøre" on the municipality's benchmark page (issue 18.3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel

from .organisation import STAR_RULES, Person


class MunicipalityContact(TimeStampedModel):
    """One municipality's STAR contact: a Person (name, e-mail, office). STAR-internal like the
    people themselves; the municipality's own manager reads it only on his benchmark page."""

    municipality = models.OneToOneField(
        "indicators.Municipality",
        on_delete=models.CASCADE,
        related_name="star_contact",
        verbose_name=_("kommune"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="municipality_contacts",
        verbose_name=_("STAR-kontaktperson"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("STAR-kontakt for kommune")
        verbose_name_plural = _("STAR-kontakter for kommuner")
        ordering = ["municipality__name"]
        rules_permissions = STAR_RULES

    def __str__(self):
        return f"{self.municipality}: {self.person}"

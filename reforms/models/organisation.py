"""STAR's own organisation: its offices and people, and the rules STAR-internal objects share."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.rules import is_star_reader, is_star_staff
from core.fields import SingleLineCharField
from core.models import TimeStampedModel

#: STAR-internal objects: readers see, staff edit, administrators delete.
STAR_RULES = {
    "view": is_star_reader,
    "add": is_star_staff,
    "change": is_star_staff,
    "delete": is_star_staff,
}


class Office(TimeStampedModel):
    """An office or unit of STAR or the ministry (IMPL, a reform office, an AMK, DOS, VOA...)."""

    class Kind(models.TextChoices):
        IMPL = "impl", _("Implementeringskontoret (IMPL)")
        REFORM_OFFICE = "reform_office", _("Reformkontor")
        AMK = "amk", _("Arbejdsmarkedskontor (AMK)")
        DOS = "dos", _("DOS")
        VOA = "voa", _("VOA")
        OER = "oer", _("ØR")
        DEPARTMENT = "department", _("Departementet")
        OTHER = "other", _("Andet")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = SingleLineCharField(_("navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontor")
        verbose_name_plural = _("kontorer")
        ordering = ["name"]
        rules_permissions = STAR_RULES

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reforms:office_detail", args=[self.pk])


class Person(TimeStampedModel):
    """A person at STAR or the ministry who can be a member, owner or contact."""

    name = SingleLineCharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"), unique=True)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("kontor"),
    )
    user = models.OneToOneField(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("bruger"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]
        rules_permissions = STAR_RULES

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reforms:person_detail", args=[self.pk])

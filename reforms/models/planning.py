"""The guide's planning tools: implementability analysis, communication plan and lever bank."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import SingleLineCharField
from core.levers import LeverType
from core.models import TimeStampedModel

from .organisation import STAR_RULES, Person
from .reform import Phase, Reform


class ImplementabilityItem(TimeStampedModel):
    """One initiative examined in the implementability analysis, rated 1 (easy) to 5 (hard)."""

    reform = models.ForeignKey(
        Reform,
        on_delete=models.CASCADE,
        related_name="implementability",
        verbose_name=_("reform"),
    )
    initiative = models.CharField(_("initiativ"), max_length=300)
    difficulty = models.PositiveSmallIntegerField(
        _("sværhedsgrad (1-5)"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = let at implementere, 5 = meget svært."),
    )
    reasons = models.TextField(_("begrundelse"), blank=True)
    workshop_date = models.DateField(_("workshopdato"), null=True, blank=True)
    municipalities = models.ManyToManyField(
        "indicators.Municipality",
        blank=True,
        related_name="implementability_workshops",
        verbose_name=_("deltagende kommuner"),
    )
    history = HistoricalRecords(m2m_fields=[municipalities])

    class Meta:
        verbose_name = _("implementerbarhedsvurdering")
        verbose_name_plural = _("implementerbarhedsanalyse")
        ordering = ["-difficulty", "initiative"]
        rules_permissions = STAR_RULES

    def __str__(self):
        return self.initiative

    def get_absolute_url(self):
        return reverse("reforms:implementability_list", args=[self.reform.slug])


class CommunicationItem(TimeStampedModel):
    """A line of the kommunikationsplan: which message goes to whom, why, how and when."""

    class Channel(models.TextChoices):
        NETWORK_MEETING = "network_meeting", _("Netværksmøde")
        WEB = "web", _("Hjemmeside / reformside")
        NEWSLETTER = "newsletter", _("Nyhedsbrev")
        LEAFLET = "leaflet", _("Pjece")
        LETTER = "letter", _("Brev / e-mail")
        CONFERENCE = "conference", _("Konference / temadag")
        VISIT = "visit", _("Jobcenterbesøg")
        OTHER = "other", _("Andet")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        IN_PROGRESS = "in_progress", _("Under udarbejdelse")
        DONE = "done", _("Gennemført")
        CANCELLED = "cancelled", _("Aflyst")

    reform = models.ForeignKey(
        Reform, on_delete=models.CASCADE, related_name="communication", verbose_name=_("reform")
    )
    message = models.CharField(_("budskab"), max_length=300)
    audience = models.CharField(_("målgruppe"), max_length=200)
    to_akasser = models.BooleanField(
        _("a-kasserne i målgruppen"),
        default=False,
        help_text=_(
            "A-kasserne er med i målgruppen; budskabet går til hver a-kasses adresse til "
            "kommunikation."
        ),
    )
    purpose = models.CharField(_("formål"), max_length=300, blank=True)
    channel = models.CharField(
        _("kanal"), max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    timing = models.DateField(_("tidspunkt"))
    responsible = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communication_items",
        verbose_name=_("ansvarlig"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommunikationsaktivitet")
        verbose_name_plural = _("kommunikationsplan")
        ordering = ["timing", "pk"]
        rules_permissions = STAR_RULES

    def __str__(self):
        return self.message

    def get_absolute_url(self):
        return reverse("reforms:communication_list", args=[self.reform.slug])


class Lever(TimeStampedModel):
    """An implementation lever used in a reform, with its evidence (the lever bank)."""

    reform = models.ForeignKey(
        Reform, on_delete=models.CASCADE, related_name="levers", verbose_name=_("reform")
    )
    type = models.CharField(_("type"), max_length=20, choices=LeverType.choices)
    name = SingleLineCharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    phase = models.CharField(
        _("fase"), max_length=10, choices=Phase.Kind.choices, default=Phase.Kind.INITIAL
    )
    target_group = models.CharField(_("målgruppe"), max_length=200, blank=True)
    used_share = models.DecimalField(
        _("andel der har brugt grebet (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    top3_share = models.DecimalField(
        _("andel der vurderer grebet blandt de tre vigtigste (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    evidence = models.TextField(_("evidens"), blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("implementeringsgreb")
        verbose_name_plural = _("implementeringsgreb")
        ordering = ["-top3_share", "name"]
        rules_permissions = STAR_RULES
        constraints = [
            models.UniqueConstraint(fields=["reform", "name"], name="lever_name_once_per_reform")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reforms:lever_detail", args=[self.pk])


class CommunicationDelivery(TimeStampedModel):
    """One a-kasse's copy of a communication-plan item sent by e-mail: created when STAR sends
    the item, marked sent when the mail went out, so that a retry after a failure mails only
    the a-kasser still missing and a second send mails nobody twice."""

    item = models.ForeignKey(
        CommunicationItem,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("kommunikationsaktivitet"),
    )
    akasse = models.ForeignKey(
        "accounts.AKasse",
        on_delete=models.CASCADE,
        related_name="communication_deliveries",
        verbose_name=_("a-kasse"),
    )
    email = models.EmailField(_("e-mail"))
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    requested_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sendt af"),
    )

    class Meta:
        verbose_name = _("udsendelse til a-kasse")
        verbose_name_plural = _("udsendelser til a-kasser")
        ordering = ["item", "akasse__name"]
        rules_permissions = STAR_RULES
        constraints = [
            models.UniqueConstraint(fields=["item", "akasse"], name="delivery_once_per_akasse")
        ]

    def __str__(self):
        return f"{self.item} → {self.akasse}"

    def get_absolute_url(self):
        return self.item.get_absolute_url()

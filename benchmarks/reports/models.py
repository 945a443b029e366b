"""Monthly benchmark reports (PDF), their batches, recipients and the quarterly dispatch.

PostgreSQL rows are the truth about background work: a render or a send is "done" only when
its row says so; the broker merely delivers hints (see benchmarks.reports.services.reports_sweep).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.rules import can_read_municipal, is_star_admin, is_star_reader, is_star_staff
from core.models import TimeStampedModel
from core.periods import format_period

REPORT_OPERATION_RULES = {
    "view": is_star_reader,
    "add": is_star_staff,
    "change": is_star_staff,
    "delete": is_star_admin,
}


class ReportBatch(TimeStampedModel):
    """All reports of one month (98 municipalities + the national report): progress and state."""

    class Status(models.TextChoices):
        RUNNING = "running", _("I gang")
        SUCCEEDED = "succeeded", _("Gennemført")
        FAILED = "failed", _("Gennemført med fejl")

    period = models.DateField(_("måned"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    run = models.ForeignKey(
        "indicators.ComputationRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_batches",
        verbose_name=_("beregning"),
    )
    requested_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_batches",
        verbose_name=_("bestilt af"),
    )
    finished_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    failure_notified = models.BooleanField(_("fejl meddelt"), default=False)

    class Meta:
        verbose_name = _("rapportkørsel")
        verbose_name_plural = _("rapportkørsler")
        ordering = ["-period"]
        rules_permissions = REPORT_OPERATION_RULES

    def __str__(self):
        return f"{_('Rapporter')} {format_period(self.period)}"

    @property
    def period_label(self):
        return format_period(self.period)


class Report(TimeStampedModel):
    """The PDF of one municipality (or, municipality null, the whole country) for one month."""

    class State(models.TextChoices):
        PENDING = "pending", _("Venter")
        DONE = "done", _("Færdig")
        FAILED = "failed", _("Fejlet")

    batch = models.ForeignKey(
        ReportBatch, on_delete=models.CASCADE, related_name="reports", verbose_name=_("kørsel")
    )
    municipality = models.ForeignKey(
        "indicators.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("kommune"),
        help_text=_("Tom for den landsdækkende rapport."),
    )
    period = models.DateField(_("måned"))
    state = models.CharField(
        _("tilstand"), max_length=10, choices=State.choices, default=State.PENDING
    )
    file = models.CharField(_("fil"), max_length=255, blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("størrelse (byte)"), default=0)
    data_as_of = models.DateTimeField(_("data pr."), null=True, blank=True)
    run = models.ForeignKey(
        "indicators.ComputationRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("beregning"),
    )
    rendered_at = models.DateTimeField(_("dannet"), null=True, blank=True)
    enqueued_at = models.DateTimeField(_("sat i kø"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    error = models.TextField(_("fejl"), blank=True)
    figures = models.JSONField(
        _("viste tal"),
        default=dict,
        blank=True,
        help_text=_("Indikatorkode → de tal rapporten viste (til markering af revisioner)."),
    )

    municipality_field = "municipality"

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        ordering = ["-period", "municipality__name"]
        rules_permissions = {
            "view": can_read_municipal,
            "add": is_star_staff,
            "change": is_star_staff,
            "delete": is_star_admin,
        }
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period"], name="report_unique_municipality_period"
            ),
            models.UniqueConstraint(
                fields=["period"],
                condition=models.Q(municipality__isnull=True),
                name="report_unique_national_period",
            ),
        ]
        indexes = [models.Index(fields=["state", "enqueued_at"], name="report_state_enqueued")]

    def __str__(self):
        return self.title

    @property
    def municipality_name(self):
        return self.municipality.name if self.municipality_id else str(_("Hele landet"))

    @property
    def title(self):
        """The PDF's document title (CONTRACT.md §7)."""
        return f"Benchmarkrapport {self.municipality_name} {format_period(self.period)}"

    @property
    def period_label(self):
        return format_period(self.period)

    @property
    def filename(self):
        code = self.municipality_id or "hele-landet"
        return f"benchmarkrapport-{code}-{format_period(self.period)}.pdf"

    def get_absolute_url(self):
        return reverse("benchmarks:report_pdf", args=[self.pk])


class Recipient(TimeStampedModel):
    """An e-mail address that receives a municipality's quarterly report."""

    class Role(models.TextChoices):
        JOBCENTRE_MANAGER = "jobcentre_manager", _("Jobcenterchef")
        MUNICIPAL_DIRECTOR = "municipal_director", _("Kommunaldirektør")
        OTHER = "other", _("Anden")

    #: The municipality's formal addressees of the report: they share one e-mail and get no
    #: opt-out link (benchmarks/reports/mail.py); everyone else may unsubscribe.
    FORMAL_ROLES = frozenset({Role.JOBCENTRE_MANAGER, Role.MUNICIPAL_DIRECTOR})

    municipality = models.ForeignKey(
        "indicators.Municipality",
        on_delete=models.CASCADE,
        related_name="report_recipients",
        verbose_name=_("kommune"),
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(
        _("rolle"), max_length=20, choices=Role.choices, default=Role.JOBCENTRE_MANAGER
    )
    active = models.BooleanField(_("aktiv"), default=True)
    history = HistoricalRecords()

    municipality_field = "municipality"

    class Meta:
        verbose_name = _("modtager")
        verbose_name_plural = _("modtagere")
        ordering = ["municipality__name", "name"]
        rules_permissions = {**REPORT_OPERATION_RULES, "delete": is_star_staff}
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "email"], name="recipient_unique_municipality_email"
            )
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def is_formal(self):
        return self.role in self.FORMAL_ROLES

    def get_absolute_url(self):
        return reverse("benchmarks:recipient_update", args=[self.pk])


class Dispatch(TimeStampedModel):
    """The quarterly e-mail of one municipality: exactly one row per (municipality, quarter)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Afventer")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Fejlet")
        NO_RECIPIENTS = "no_recipients", _("Mangler modtagere")
        NO_REPORT = "no_report", _("Mangler rapport")

    municipality = models.ForeignKey(
        "indicators.Municipality",
        on_delete=models.PROTECT,
        related_name="dispatches",
        verbose_name=_("kommune"),
    )
    quarter = models.CharField(_("kvartal"), max_length=7, help_text="ÅÅÅÅ-Kn")
    report = models.ForeignKey(
        Report,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dispatches",
        verbose_name=_("rapport"),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.PENDING
    )
    recipients = models.JSONField(_("modtagere"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    next_attempt_at = models.DateTimeField(_("næste forsøg"), null=True, blank=True)
    enqueued_at = models.DateTimeField(_("sat i kø"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    last_error = models.TextField(_("seneste fejl"), blank=True)
    figures = models.JSONField(
        _("sendte tal"), default=dict, blank=True, help_text=_("De tal den sendte rapport viste.")
    )

    municipality_field = "municipality"

    class Meta:
        verbose_name = _("forsendelse")
        verbose_name_plural = _("forsendelser")
        ordering = ["-quarter", "municipality__name"]
        rules_permissions = REPORT_OPERATION_RULES
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "quarter"], name="dispatch_unique_municipality_quarter"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="dispatch_due")]

    def __str__(self):
        return f"{self.municipality} {self.quarter} ({self.get_status_display()})"

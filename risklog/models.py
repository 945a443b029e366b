"""The implementation plan (initiatives, status updates, meeting packs) and the risk log
(the 5 x 5 matrix, risks, assessments, mitigation actions) of a reform."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.rules import is_star_reader, is_star_staff
from core import levers
from core.fields import SingleLineCharField
from core.models import StarModel, TimeStampedModel
from reforms.models import STAR_RULES, Escalation

#: The matrix definitions are reference data loaded from the fixture; nobody edits them in the UI.
MATRIX_RULES = {
    "view": is_star_reader,
    "add": is_star_staff,
    "change": is_star_staff,
    "delete": is_star_staff,
}
SCALE = (1, 5)
scale_validators = [MinValueValidator(SCALE[0]), MaxValueValidator(SCALE[1])]


class RagStatus(models.TextChoices):
    """Traffic-light status of an initiative's content or progress."""

    GREEN = "green", _("Grøn")
    YELLOW = "yellow", _("Gul")
    RED = "red", _("Rød")


# --------------------------------------------------------------------------- the matrix


class RiskLevel(StarModel):
    """A level of the risk matrix (lav, middel, høj, kritisk): defined only in the fixture."""

    code = models.SlugField(_("kode"), max_length=20, primary_key=True)
    name = models.CharField(_("navn"), max_length=40)
    rank = models.PositiveSmallIntegerField(_("rang"), unique=True, help_text=_("1 = lavest."))
    colour = models.CharField(_("farve"), max_length=7, help_text=_("Hex-farve, fx #d92b2b."))
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("risikoniveau")
        verbose_name_plural = _("risikoniveauer")
        ordering = ["rank"]
        rules_permissions = MATRIX_RULES

    def __str__(self):
        return self.name


class ScaleStep(StarModel):
    """One step (1-5) of the likelihood or the impact scale, with its Danish label."""

    class Axis(models.TextChoices):
        LIKELIHOOD = "likelihood", _("Sandsynlighed")
        IMPACT = "impact", _("Konsekvens")

    axis = models.CharField(_("akse"), max_length=10, choices=Axis.choices)
    value = models.PositiveSmallIntegerField(_("værdi"), validators=scale_validators)
    label = models.CharField(_("betegnelse"), max_length=60)
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("skalatrin")
        verbose_name_plural = _("skalatrin")
        ordering = ["axis", "value"]
        rules_permissions = MATRIX_RULES
        constraints = [
            models.UniqueConstraint(fields=["axis", "value"], name="scale_step_unique"),
        ]

    def __str__(self):
        return f"{self.value} {self.label}"


class MatrixCell(StarModel):
    """One of the 25 cells likelihood x impact and the level it means."""

    likelihood = models.PositiveSmallIntegerField(_("sandsynlighed"), validators=scale_validators)
    impact = models.PositiveSmallIntegerField(_("konsekvens"), validators=scale_validators)
    level = models.ForeignKey(
        RiskLevel, on_delete=models.PROTECT, related_name="cells", verbose_name=_("niveau")
    )

    class Meta:
        verbose_name = _("matrixfelt")
        verbose_name_plural = _("matrixfelter")
        ordering = ["-likelihood", "impact"]
        rules_permissions = MATRIX_RULES
        constraints = [
            models.UniqueConstraint(fields=["likelihood", "impact"], name="matrix_cell_unique"),
        ]

    def __str__(self):
        return f"{self.likelihood} x {self.impact}: {self.level}"


# --------------------------------------------------------------------------- the plan


class Initiative(TimeStampedModel):
    """A supporting initiative of the implementation plan (implementeringsplan)."""

    reform = models.ForeignKey(
        "reforms.Reform",
        on_delete=models.CASCADE,
        related_name="initiatives",
        verbose_name=_("reform"),
    )
    title = SingleLineCharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    responsible_office = models.ForeignKey(
        "reforms.Office",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("ansvarligt kontor"),
    )
    responsible_person = models.ForeignKey(
        "reforms.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("ansvarlig person"),
    )
    lever_type = models.CharField(
        _("type af greb"), max_length=20, choices=levers.CHOICES_WITH_OTHER, default=levers.OTHER
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        blank=True,
        related_name="initiatives",
        verbose_name=_("indikatorer og sigtelinjer"),
    )
    intention = models.CharField(
        _("politisk intention"),
        max_length=300,
        blank=True,
        help_text=_("Den intention, initiativet understøtter, hvor der ikke er indikatorer."),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("slut"))
    content_status = models.CharField(
        _("status for indhold"), max_length=6, choices=RagStatus.choices, default=RagStatus.GREEN
    )
    progress_status = models.CharField(
        _("status for fremdrift"), max_length=6, choices=RagStatus.choices, default=RagStatus.GREEN
    )
    status_reason = models.TextField(
        _("begrundelse for status"),
        blank=True,
        help_text=_("Skal udfyldes, når indhold eller fremdrift ikke er grøn."),
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("færdiggjort (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    status_updated_at = models.DateTimeField(_("status opdateret"), null=True, blank=True)
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependants",
        verbose_name=_("afhænger af"),
    )
    history = HistoricalRecords(m2m_fields=[indicators, depends_on])

    class Meta:
        verbose_name = _("initiativ")
        verbose_name_plural = _("initiativer")
        ordering = ["reform", "start_date", "title"]
        rules_permissions = STAR_RULES
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__lte=100), name="initiative_percent_le_100"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("risklog:initiative_detail", args=[self.reform.slug, self.pk])

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Slutdatoen kan ikke ligge før startdatoen.")
        not_green = (
            self.content_status != RagStatus.GREEN or self.progress_status != RagStatus.GREEN
        )
        if not_green and not self.status_reason.strip():
            errors["status_reason"] = _(
                "Angiv en begrundelse, når status for indhold eller fremdrift ikke er grøn."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_overdue(self):
        """Past its end date and not finished."""
        return self.percent_complete < 100 and self.end_date < timezone.localdate()

    @property
    def escalations(self):
        """The escalations raised about this initiative (newest first)."""
        return Escalation.objects.filter(plan_link__initiative=self)


class StatusUpdate(StarModel):
    """One status report on an initiative: who, when, status, progress and text."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="updates", verbose_name=_("initiativ")
    )
    created_at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiative_updates",
        verbose_name=_("opdateret af"),
    )
    content_status = models.CharField(
        _("status for indhold"), max_length=6, choices=RagStatus.choices
    )
    progress_status = models.CharField(
        _("status for fremdrift"), max_length=6, choices=RagStatus.choices
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("færdiggjort (%)"), validators=[MaxValueValidator(100)]
    )
    text = models.TextField(
        _("status og begrundelse"),
        blank=True,
        help_text=_("Skal udfyldes, når indhold eller fremdrift ikke er grøn."),
    )

    class Meta:
        verbose_name = _("statusopdatering")
        verbose_name_plural = _("statusopdateringer")
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        rules_permissions = STAR_RULES

    def __str__(self):
        return f"{self.initiative} {timezone.localtime(self.created_at):%d.%m.%Y}"

    def clean(self):
        super().clean()
        not_green = (
            self.content_status != RagStatus.GREEN or self.progress_status != RagStatus.GREEN
        )
        if not_green and not self.text.strip():
            raise ValidationError(
                {
                    "text": _(
                        "Angiv en begrundelse, når status for indhold eller fremdrift ikke er grøn."
                    )
                }
            )


class MeetingPackPdf(StarModel):
    """A PDF of a meeting pack, ordered on the page and rendered by the worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Dannes")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Fejlet")

    meeting = models.ForeignKey(
        "reforms.Meeting",
        on_delete=models.CASCADE,
        related_name="pack_pdfs",
        verbose_name=_("møde"),
    )
    requested_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bestilt af"),
    )
    requested_at = models.DateTimeField(_("bestilt"), default=timezone.now)
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("fil"), upload_to="meeting-packs/", blank=True)
    error = models.TextField(_("fejl"), blank=True)

    class Meta:
        verbose_name = _("mødepakke (PDF)")
        verbose_name_plural = _("mødepakker (PDF)")
        ordering = ["-requested_at"]
        rules_permissions = {**STAR_RULES, "add": is_star_reader}

    def __str__(self):
        return f"{self.meeting} ({self.get_status_display()})"


class StatusRequest(StarModel):
    """The e-mail asking one person to update their initiatives before one meeting (sent once)."""

    meeting = models.ForeignKey(
        "reforms.Meeting",
        on_delete=models.CASCADE,
        related_name="status_requests",
        verbose_name=_("møde"),
    )
    person = models.ForeignKey(
        "reforms.Person",
        on_delete=models.CASCADE,
        related_name="status_requests",
        verbose_name=_("person"),
    )
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("statusanmodning")
        verbose_name_plural = _("statusanmodninger")
        rules_permissions = STAR_RULES
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="status_request_once"),
        ]

    def __str__(self):
        return f"{self.person} – {self.meeting}"


# --------------------------------------------------------------------------- the risk log


class Risk(TimeStampedModel):
    """A risk to the reform's goals (risikolog)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        MONITORED = "monitored", _("Overvåges")
        CLOSED = "closed", _("Lukket")

    class Category(models.TextChoices):
        IMPLEMENTATION = "implementation", _("Implementering i kommunerne")
        LEGAL = "legal", _("Jura og regler")
        IT = "it", _("IT-understøttelse")
        RESOURCES = "resources", _("Ressourcer og kapacitet")
        COMMUNICATION = "communication", _("Kommunikation")
        DATA = "data", _("Data og opfølgning")
        STAKEHOLDERS = "stakeholders", _("Interessenter")
        OTHER = "other", _("Andet")

    reform = models.ForeignKey(
        "reforms.Reform", on_delete=models.CASCADE, related_name="risks", verbose_name=_("reform")
    )
    title = SingleLineCharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    cause = models.TextField(_("årsag"), blank=True)
    consequence = models.TextField(_("konsekvens"), blank=True)
    category = models.CharField(
        _("kategori"), max_length=20, choices=Category.choices, default=Category.IMPLEMENTATION
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        blank=True,
        related_name="risks",
        verbose_name=_("sigtelinjer og indikatorer"),
    )
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="risks", verbose_name=_("initiativer")
    )
    owner = models.ForeignKey(
        "reforms.Person",
        on_delete=models.PROTECT,
        related_name="risks",
        verbose_name=_("risikoejer"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    review_interval_days = models.PositiveSmallIntegerField(
        _("revurderingsinterval (dage)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    next_review_date = models.DateField(_("næste revurdering"), null=True, blank=True)
    latest_assessment = models.OneToOneField(
        "Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("seneste vurdering"),
    )
    history = HistoricalRecords(m2m_fields=[indicators, initiatives])

    class Meta:
        verbose_name = _("risiko")
        verbose_name_plural = _("risici")
        ordering = ["reform", "title"]
        rules_permissions = STAR_RULES

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("risklog:risk_detail", args=[self.reform.slug, self.pk])

    def clean(self):
        super().clean()
        if self.status == self.Status.CLOSED and self.pk and self.actions.open().exists():
            raise ValidationError(
                {
                    "status": _(
                        "Risikoen kan ikke lukkes, så længe den har åbne handlinger. "
                        "Afslut eller annullér handlingerne først."
                    )
                }
            )

    @property
    def review_overdue(self):
        return (
            self.status != self.Status.CLOSED
            and self.next_review_date is not None
            and self.next_review_date < timezone.localdate()
        )

    @property
    def escalations(self):
        """The escalations raised about this risk (newest first)."""
        return Escalation.objects.filter(plan_link__risk=self)


class Assessment(StarModel):
    """One assessment of a risk: inherent and residual likelihood x impact, who, when, note."""

    risk = models.ForeignKey(
        Risk, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("risiko")
    )
    inherent_likelihood = models.PositiveSmallIntegerField(
        _("sandsynlighed før tiltag"), validators=scale_validators
    )
    inherent_impact = models.PositiveSmallIntegerField(
        _("konsekvens før tiltag"), validators=scale_validators
    )
    residual_likelihood = models.PositiveSmallIntegerField(
        _("sandsynlighed efter tiltag"), validators=scale_validators
    )
    residual_impact = models.PositiveSmallIntegerField(
        _("konsekvens efter tiltag"), validators=scale_validators
    )
    note = models.TextField(_("bemærkning"), blank=True)
    assessed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risk_assessments",
        verbose_name=_("vurderet af"),
    )
    assessed_at = models.DateTimeField(_("vurderet"), default=timezone.now, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risikovurdering")
        verbose_name_plural = _("risikovurderinger")
        ordering = ["-assessed_at", "-pk"]
        rules_permissions = STAR_RULES
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    inherent_likelihood__gte=1,
                    inherent_likelihood__lte=5,
                    inherent_impact__gte=1,
                    inherent_impact__lte=5,
                    residual_likelihood__gte=1,
                    residual_likelihood__lte=5,
                    residual_impact__gte=1,
                    residual_impact__lte=5,
                ),
                name="assessment_inside_matrix",
            ),
        ]

    def __str__(self):
        return f"{self.risk}: {timezone.localtime(self.assessed_at):%d.%m.%Y}"

    @property
    def inherent_score(self):
        return self.inherent_likelihood * self.inherent_impact

    @property
    def residual_score(self):
        return self.residual_likelihood * self.residual_impact


class MitigationActionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=MitigationAction.CLOSED_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class MitigationAction(TimeStampedModel):
    """An action that reduces a risk: what, who, by when, status."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        IN_PROGRESS = "in_progress", _("I gang")
        DONE = "done", _("Gennemført")
        CANCELLED = "cancelled", _("Annulleret")

    CLOSED_STATUSES = (Status.DONE, Status.CANCELLED)

    risk = models.ForeignKey(
        Risk, on_delete=models.CASCADE, related_name="actions", verbose_name=_("risiko")
    )
    action = models.CharField(_("handling"), max_length=300)
    owner = models.ForeignKey(
        "reforms.Person",
        on_delete=models.PROTECT,
        related_name="mitigation_actions",
        verbose_name=_("ansvarlig"),
    )
    due_date = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    completed_on = models.DateField(_("afsluttet den"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MitigationActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("handling")
        verbose_name_plural = _("handlinger")
        ordering = ["due_date", "pk"]
        rules_permissions = STAR_RULES

    def __str__(self):
        return self.action

    def get_absolute_url(self):
        return self.risk.get_absolute_url()

    def is_overdue_on(self, day: datetime.date):
        """Overdue the day after its due date, while not done or cancelled."""
        return self.status not in self.CLOSED_STATUSES and self.due_date < day

    @property
    def is_overdue(self):
        return self.is_overdue_on(timezone.localdate())


class DigestDispatch(StarModel):
    """The weekly digest one person received for one week (sent at most once a week)."""

    person = models.ForeignKey(
        "reforms.Person",
        on_delete=models.CASCADE,
        related_name="risk_digests",
        verbose_name=_("person"),
    )
    week = models.DateField(_("uge (mandag)"))
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    items = models.PositiveSmallIntegerField(_("punkter"), default=0)

    class Meta:
        verbose_name = _("ugentlig oversigt")
        verbose_name_plural = _("ugentlige oversigter")
        rules_permissions = STAR_RULES
        constraints = [
            models.UniqueConstraint(fields=["person", "week"], name="digest_once_a_week"),
        ]

    def __str__(self):
        return f"{self.person} {self.week:%G-W%V}"


class EscalationLink(StarModel):
    """Which initiative or risk of the plan an escalation to the steering group is about.

    risklog's side of reforms.Escalation: the risk log knows the reform's escalations, the
    reform knows nothing of the risk log (the dependency points one way, risklog -> reforms)."""

    escalation = models.OneToOneField(
        "reforms.Escalation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="plan_link",
        verbose_name=_("eskalering"),
    )
    risk = models.ForeignKey(
        Risk,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalation_links",
        verbose_name=_("risiko"),
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalation_links",
        verbose_name=_("initiativ"),
    )

    class Meta:
        verbose_name = _("eskalering fra planen")
        verbose_name_plural = _("eskaleringer fra planen")
        rules_permissions = STAR_RULES

    def __str__(self):
        return str(self.escalation)

"""Evaluation models (app label ``benchmarks``): frameworks of areas in groups, evaluations of a
reform using a framework, cohorts and sites, rounds and scores, and ordered result PDFs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel

from .rules import DESIGN_RULES, PDF_RULES, SCORE_RULES, SITE_RULES


class EvaluationFramework(TimeStampedModel):
    """A reusable set of evaluation areas in groups (seed 003: 11 areas in two groups)."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        app_label = "benchmarks"
        verbose_name = _("evalueringsramme")
        verbose_name_plural = _("evalueringsrammer")
        ordering = ["name"]
        rules_permissions = DESIGN_RULES

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("benchmarks:evaluation_framework", args=[self.pk])

    def ordered_areas(self):
        """The areas in group and area order (one query)."""
        return list(
            EvaluationArea.objects.filter(group__framework=self)
            .select_related("group")
            .order_by("group__order", "group__name", "order", "name")
        )


class EvaluationAreaGroup(TimeStampedModel):
    """A group of areas, e.g. »Den beskæftigelsespolitiske indsats«."""

    framework = models.ForeignKey(
        EvaluationFramework,
        on_delete=models.CASCADE,
        related_name="groups",
        verbose_name=_("evalueringsramme"),
    )
    name = models.CharField(_("navn"), max_length=200)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    history = HistoricalRecords()

    class Meta:
        app_label = "benchmarks"
        verbose_name = _("områdegruppe")
        verbose_name_plural = _("områdegrupper")
        ordering = ["framework", "order", "name"]
        rules_permissions = DESIGN_RULES
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="eval_group_unique_name")
        ]

    def __str__(self):
        return self.name


class EvaluationArea(TimeStampedModel):
    """One evaluation area with its measurement points and scale (scores lie on the scale;
    results show goal attainment, the score's share of the scale in percent)."""

    group = models.ForeignKey(
        EvaluationAreaGroup,
        on_delete=models.CASCADE,
        related_name="areas",
        verbose_name=_("områdegruppe"),
    )
    name = models.CharField(_("navn"), max_length=200)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    description = models.TextField(_("beskrivelse"), blank=True)
    measurement_points = models.TextField(
        _("målepunkter"),
        blank=True,
        help_text=_("Ét målepunkt pr. linje, aftalt med kommunerne."),
    )
    scale_min = models.FloatField(_("skalaens minimum"), default=0)
    scale_max = models.FloatField(_("skalaens maksimum"), default=100)
    scale_unit = models.CharField(_("enhed"), max_length=20, blank=True, default="%")
    history = HistoricalRecords()

    class Meta:
        app_label = "benchmarks"
        verbose_name = _("evalueringsområde")
        verbose_name_plural = _("evalueringsområder")
        ordering = ["group__order", "order", "name"]
        rules_permissions = DESIGN_RULES
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="eval_area_unique_name"),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="eval_area_scale_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def points(self):
        """The measurement points as a list of lines."""
        return [line.strip() for line in self.measurement_points.splitlines() if line.strip()]

    def attainment(self, score):
        """Goal attainment in percent of the scale (0-100) for score, None for None."""
        if score is None:
            return None
        return 100.0 * (score - self.scale_min) / (self.scale_max - self.scale_min)

    def clean(self):
        super().clean()
        scale = (self.scale_min, self.scale_max)
        if None not in scale and self.scale_max <= self.scale_min:
            raise ValidationError(
                {"scale_max": _("Skalaens maksimum skal være større end minimum.")}
            )
        if self.group_id and self.name:
            clash = EvaluationArea.objects.filter(
                group__framework_id=self.group.framework_id, name__iexact=self.name.strip()
            ).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"name": _("Rammen har allerede et område med det navn.")})


class Evaluation(TimeStampedModel):
    """A reform's evaluation: which framework it uses, its cohorts, sites and rounds."""

    reform = models.ForeignKey(
        "reforms.Reform",
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("reform"),
    )
    framework = models.ForeignKey(
        EvaluationFramework,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("evalueringsramme"),
    )
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kort navn"), max_length=80, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        app_label = "benchmarks"
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")
        ordering = ["name"]
        rules_permissions = DESIGN_RULES

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("benchmarks:evaluation", args=[self.slug])


class EvaluationCohort(TimeStampedModel):
    """Sites that started together (seed 003: the first six and the last six)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="cohorts", verbose_name=_("evaluering")
    )
    name = models.CharField(_("navn"), max_length=200)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    description = models.TextField(_("beskrivelse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        app_label = "benchmarks"
        verbose_name = _("kohorte")
        verbose_name_plural = _("kohorter")
        ordering = ["evaluation", "order", "name"]
        rules_permissions = DESIGN_RULES
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "name"], name="eval_cohort_unique_name")
        ]

    def __str__(self):
        return self.name


class EvaluationSite(TimeStampedModel):
    """A trial site (*forsøg*) of one or more municipalities; its start date gives the time
    since start at which each round found it."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="sites", verbose_name=_("evaluering")
    )
    cohort = models.ForeignKey(
        EvaluationCohort,
        on_delete=models.PROTECT,
        related_name="sites",
        verbose_name=_("kohorte"),
    )
    name = models.CharField(_("navn"), max_length=200)
    started_on = models.DateField(_("startdato"), null=True, blank=True)
    municipalities = models.ManyToManyField(
        "indicators.Municipality", related_name="evaluation_sites", verbose_name=_("kommuner")
    )
    history = HistoricalRecords(m2m_fields=[municipalities])

    municipality_field = "municipalities"

    class Meta:
        app_label = "benchmarks"
        verbose_name = _("forsøg")
        verbose_name_plural = _("forsøg")
        ordering = ["evaluation", "cohort__order", "name"]
        rules_permissions = SITE_RULES
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "name"], name="eval_site_unique_name")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("benchmarks:evaluation_site", args=[self.pk])

    def clean(self):
        super().clean()
        if (
            self.cohort_id
            and self.evaluation_id
            and self.cohort.evaluation_id != self.evaluation_id
        ):
            raise ValidationError({"cohort": _("Kohorten hører til en anden evaluering.")})


class EvaluationRound(TimeStampedModel):
    """The zero-point measurement (number 0) or a numbered round of an evaluation."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        OPEN = "open", _("Åben for scoring")
        CLOSED = "closed", _("Afsluttet")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("evaluering")
    )
    number = models.PositiveSmallIntegerField(
        _("nummer"), help_text=_("0 er nulpunktsmålingen; derefter 1, 2, 3 …")
    )
    held_on = models.DateField(_("dato"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PLANNED
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        app_label = "benchmarks"
        verbose_name = _("evalueringsrunde")
        verbose_name_plural = _("evalueringsrunder")
        ordering = ["evaluation", "number"]
        rules_permissions = DESIGN_RULES
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "number"], name="eval_round_unique_number"
            )
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        if self.number == 0:
            return str(pgettext_lazy("evaluation round", "Nulpunktsmåling"))
        return str(_("Runde %(number)d")) % {"number": self.number}

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class EvaluationScore(TimeStampedModel):
    """A site's score in one area and round (on the area's scale)."""

    round = models.ForeignKey(
        EvaluationRound, on_delete=models.CASCADE, related_name="scores", verbose_name=_("runde")
    )
    site = models.ForeignKey(
        EvaluationSite, on_delete=models.CASCADE, related_name="scores", verbose_name=_("forsøg")
    )
    area = models.ForeignKey(
        EvaluationArea, on_delete=models.PROTECT, related_name="scores", verbose_name=_("område")
    )
    score = models.FloatField(_("score"))
    comment = models.TextField(_("bemærkning"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indtastet af"),
    )
    history = HistoricalRecords()

    municipality_field = "site__municipalities"

    class Meta:
        app_label = "benchmarks"
        verbose_name = _("evalueringsscore")
        verbose_name_plural = _("evalueringsscorer")
        ordering = ["round__number", "site__name", "area__order"]
        rules_permissions = SCORE_RULES
        constraints = [
            models.UniqueConstraint(fields=["round", "site", "area"], name="eval_score_unique_cell")
        ]

    def __str__(self):
        return f"{self.round} · {self.site} · {self.area}: {self.score:g}"


class EvaluationPdf(TimeStampedModel):
    """A results PDF ordered on a page or through the API and rendered by the worker: of one
    site (site set) or of the whole evaluation (STAR readers)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Dannes")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Fejlet")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="pdfs", verbose_name=_("evaluering")
    )
    site = models.ForeignKey(
        EvaluationSite,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pdfs",
        verbose_name=_("forsøg"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
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
    file = models.FileField(_("fil"), upload_to="evaluations/", blank=True)
    error = models.TextField(_("fejl"), blank=True)

    municipality_field = "site__municipalities"

    class Meta:
        app_label = "benchmarks"
        verbose_name = _("resultat-PDF")
        verbose_name_plural = _("resultat-PDF'er")
        ordering = ["-requested_at"]
        rules_permissions = PDF_RULES

    def __str__(self):
        return f"{self.site or self.evaluation} ({self.get_status_display()})"

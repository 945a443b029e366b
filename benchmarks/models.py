"""Models of the benchmarks app: municipal result targets and evaluation rounds (the report
models live in benchmarks.reports.models and are re-exported at the end)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.rules import can_edit_municipal, can_read_municipal, is_star_reader, is_star_staff
from core.models import TimeStampedModel

#: A municipality's own target: STAR readers see all, a manager his own; staff and the
#: municipality's own manager edit.
TARGET_RULES = {
    "view": can_read_municipal,
    "add": can_edit_municipal,
    "change": can_edit_municipal,
    "delete": can_edit_municipal,
}
#: Evaluation design (rounds, areas): STAR readers see, staff edit.
EVALUATION_RULES = {
    "view": is_star_reader,
    "add": is_star_staff,
    "change": is_star_staff,
    "delete": is_star_staff,
}
#: A municipality's evaluation score: readers see all, a manager his own; staff edit.
SCORE_RULES = {
    "view": can_read_municipal,
    "add": is_star_staff,
    "change": is_star_staff,
    "delete": is_star_staff,
}


def first_of_month(day):
    return day.replace(day=1) if day else day


class MunicipalTarget(TimeStampedModel):
    """A municipality's result target for one indicator, followed from a baseline month
    (seed 001: municipalities set concrete targets within the benchmark model)."""

    municipality = models.ForeignKey(
        "indicators.Municipality",
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("kommune"),
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("indikator"),
    )
    baseline_period = models.DateField(
        _("baselinemåned"), help_text=_("Den måned, målet følges fra (månedens første dag).")
    )
    baseline_value = models.FloatField(_("baselineværdi"))
    target_value = models.FloatField(_("målværdi"))
    target_date = models.DateField(_("måldato"), help_text=_("Hvornår målet skal være nået."))
    note = models.TextField(_("bemærkning"), blank=True)
    history = HistoricalRecords()

    municipality_field = "municipality"

    class Meta:
        verbose_name = _("resultatmål")
        verbose_name_plural = _("resultatmål")
        ordering = ["municipality__name", "indicator__name"]
        rules_permissions = TARGET_RULES
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "indicator"], name="target_unique_per_indicator"
            )
        ]

    def __str__(self):
        return f"{self.municipality}: {self.indicator}"

    def get_absolute_url(self):
        return reverse("benchmarks:target_detail", args=[self.pk])

    def clean(self):
        super().clean()
        self.baseline_period = first_of_month(self.baseline_period)
        if self.baseline_period and self.target_date and self.baseline_period >= self.target_date:
            raise ValidationError({"target_date": _("Måldatoen skal ligge efter baselinemåneden.")})

    def expected_on_path(self, period):
        """The value the straight line from baseline to target passes at period."""
        total = (self.target_date - self.baseline_period).days
        if total <= 0:
            return self.target_value
        done = min(max((period - self.baseline_period).days / total, 0.0), 1.0)
        return self.baseline_value + (self.target_value - self.baseline_value) * done


class EvaluationRound(TimeStampedModel):
    """A baseline, mid-term or final evaluation of a reform (seeds 001, 003)."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline (nulpunktsanalyse)")
        MIDTERM = "midterm", _("Midtvejsevaluering")
        FINAL = "final", _("Slutevaluering")

    ORDER = {Kind.BASELINE: 1, Kind.MIDTERM: 2, Kind.FINAL: 3}

    reform = models.ForeignKey(
        "reforms.Reform",
        on_delete=models.CASCADE,
        related_name="evaluation_rounds",
        verbose_name=_("reform"),
    )
    kind = models.CharField(_("runde"), max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), editable=False, default=0)
    held_on = models.DateField(_("gennemført"), null=True, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evalueringsrunde")
        verbose_name_plural = _("evalueringsrunder")
        ordering = ["reform", "order"]
        rules_permissions = EVALUATION_RULES
        constraints = [
            models.UniqueConstraint(fields=["reform", "kind"], name="evaluation_round_unique")
        ]

    def __str__(self):
        return f"{self.reform}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        self.order = self.ORDER[self.kind]
        super().save(*args, **kwargs)


class EvaluationArea(TimeStampedModel):
    """One evaluation area (the 2006 evaluation scored 11 areas per round)."""

    reform = models.ForeignKey(
        "reforms.Reform",
        on_delete=models.CASCADE,
        related_name="evaluation_areas",
        verbose_name=_("reform"),
    )
    name = models.CharField(_("navn"), max_length=200)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    description = models.TextField(_("beskrivelse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evalueringsområde")
        verbose_name_plural = _("evalueringsområder")
        ordering = ["reform", "order", "name"]
        rules_permissions = EVALUATION_RULES
        constraints = [
            models.UniqueConstraint(fields=["reform", "name"], name="evaluation_area_unique")
        ]

    def __str__(self):
        return self.name


class EvaluationScore(TimeStampedModel):
    """A participating municipality's goal attainment (0-100 %) in one area and round."""

    round = models.ForeignKey(
        EvaluationRound, on_delete=models.CASCADE, related_name="scores", verbose_name=_("runde")
    )
    area = models.ForeignKey(
        EvaluationArea, on_delete=models.CASCADE, related_name="scores", verbose_name=_("område")
    )
    municipality = models.ForeignKey(
        "indicators.Municipality",
        on_delete=models.PROTECT,
        related_name="evaluation_scores",
        verbose_name=_("kommune"),
    )
    score = models.FloatField(
        _("målopfyldelse (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    history = HistoricalRecords()

    municipality_field = "municipality"

    class Meta:
        verbose_name = _("evalueringsscore")
        verbose_name_plural = _("evalueringsscorer")
        rules_permissions = SCORE_RULES
        constraints = [
            models.UniqueConstraint(
                fields=["round", "area", "municipality"], name="evaluation_score_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=100),
                name="evaluation_score_0_100",
            ),
        ]

    def __str__(self):
        return f"{self.round} · {self.area} · {self.municipality}: {self.score:g} %"

    def clean(self):
        super().clean()
        if self.round_id and self.area_id and self.round.reform_id != self.area.reform_id:
            raise ValidationError(_("Området hører ikke til rundens reform."))


from .reports.models import (  # noqa: E402, F401
    Dispatch,
    Recipient,
    Report,
    ReportBatch,
)

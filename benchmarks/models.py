"""Models of the benchmarks app: municipal result targets (the report models live in
benchmarks.reports.models, the evaluation models in benchmarks.evaluation.models; both are
re-exported at the end)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.rules import can_edit_municipal, can_read_municipal
from core.models import TimeStampedModel
from indicators.national import path_value_at

#: A municipality's own target: STAR readers see all, a manager his own; staff and the
#: municipality's own manager edit.
TARGET_RULES = {
    "view": can_read_municipal,
    "add": can_edit_municipal,
    "change": can_edit_municipal,
    "delete": can_edit_municipal,
}


def national_target_value(indicator, target_date):
    """The national path's value in target_date's month, or None (indicators.national)."""
    return path_value_at(indicator, target_date)


def national_target_missing():
    return _(
        "Indikatoren har ingen landsmål med en værdi i måldatoens måned; angiv selv en målværdi."
    )


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
    follows_national = models.BooleanField(
        _("følger det nationale mål"),
        default=False,
        help_text=_(
            "Målværdien er landsmålets sti i måldatoens måned og følger med, når landsmålet ændres."
        ),
    )
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
        if self.follows_national and self.indicator_id and self.target_date:
            value = national_target_value(self.indicator, self.target_date)
            if value is None:
                raise ValidationError({"follows_national": national_target_missing()})
            self.target_value = value

    def expected_on_path(self, period):
        """The value the straight line from baseline to target passes at period."""
        total = (self.target_date - self.baseline_period).days
        if total <= 0:
            return self.target_value
        done = min(max((period - self.baseline_period).days / total, 0.0), 1.0)
        return self.baseline_value + (self.target_value - self.baseline_value) * done


from .evaluation.models import (  # noqa: E402, F401
    Evaluation,
    EvaluationArea,
    EvaluationAreaGroup,
    EvaluationCohort,
    EvaluationFramework,
    EvaluationPdf,
    EvaluationRound,
    EvaluationScore,
    EvaluationSite,
)
from .reports.models import (  # noqa: E402, F401
    Dispatch,
    Recipient,
    Report,
    ReportBatch,
)

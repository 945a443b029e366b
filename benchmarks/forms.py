"""Forms of the benchmarks app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.periods import MonthInput, PeriodFormField
from indicators.models import Indicator, IndicatorValue, Municipality

from .models import MunicipalTarget, national_target_missing, national_target_value


class MunicipalTargetForm(forms.ModelForm):
    """A result target; a job-centre manager may only set targets for his own municipality."""

    baseline_period = PeriodFormField(
        label=_("Baselinemåned"),
        widget=MonthInput(),
        help_text=_("Måneden målet følges fra (ÅÅÅÅ-MM)."),
    )
    baseline_value = forms.FloatField(
        label=_("Baselineværdi"),
        required=False,
        help_text=_("Tom: den beregnede værdi for baselinemåneden bruges."),
    )
    target_date = forms.DateField(
        label=_("Måldato"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = MunicipalTarget
        fields = [
            "municipality",
            "indicator",
            "baseline_period",
            "baseline_value",
            "target_value",
            "follows_national",
            "target_date",
            "note",
        ]

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["indicator"].queryset = Indicator.objects.order_by("name")
        self.fields["target_value"].required = False
        self.fields["target_value"].help_text = _(
            "Tom, når målet følger det nationale mål: så bruges landsmålets sti i måldatoens måned."
        )
        if user is not None and user.is_jobcentre:
            self.fields["municipality"].queryset = Municipality.objects.filter(
                code=user.municipality_id
            )
            self.fields["municipality"].initial = user.municipality_id
            self.fields["municipality"].empty_label = None
            self.fields["municipality"].error_messages["invalid_choice"] = _(
                "Du kan kun sætte mål for din egen kommune."
            )

    def clean_municipality(self):
        municipality = self.cleaned_data["municipality"]
        user = self.user
        if user is not None and user.is_jobcentre and municipality.code != user.municipality_id:
            raise forms.ValidationError(_("Du kan kun sætte mål for din egen kommune."))
        return municipality

    def clean_baseline_period(self):
        return self.cleaned_data["baseline_period"].replace(day=1)

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality")
        indicator = cleaned.get("indicator")
        baseline = cleaned.get("baseline_period")
        if cleaned.get("baseline_value") is None and municipality and indicator and baseline:
            row = IndicatorValue.objects.filter(
                municipality=municipality, indicator=indicator, period=baseline
            ).first()
            if row is None or row.value is None or row.suppressed:
                self.add_error(
                    "baseline_value",
                    _("Der er ingen beregnet værdi for baselinemåneden; angiv baselineværdien."),
                )
            else:
                cleaned["baseline_value"] = row.value
                self.instance.baseline_value = row.value
        target_date = cleaned.get("target_date")
        if cleaned.get("follows_national"):
            value = national_target_value(indicator, target_date) if indicator else None
            if indicator and target_date and value is None:
                self.add_error("follows_national", national_target_missing())
            elif value is not None:
                cleaned["target_value"] = value
        elif cleaned.get("target_value") is None and "target_value" not in self.errors:
            self.add_error(
                "target_value", _("Angiv en målværdi, eller lad målet følge landsmålet.")
            )
        if (
            municipality
            and indicator
            and MunicipalTarget.objects.filter(municipality=municipality, indicator=indicator)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error(
                "indicator", _("Kommunen har allerede et mål for denne indikator; redigér det.")
            )
        return cleaned

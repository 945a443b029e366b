"""Forms of the indicators app (validation of definitions lives in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.periods import PeriodFormField

from . import services
from .models import Indicator, Measure


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["code", "name", "unit", "source", "framework", "target_group", "description"]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "kind",
            "reform",
            "numerator",
            "denominator",
            "scale",
            "direction",
            "unit",
            "framework",
            "milestone_threshold",
            "milestone_months",
            "target_group",
            "parent",
            "benefit_group",
            "formula_description",
            "description",
        ]
        widgets = {"framework": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Measure.objects.order_by("code")
        self.fields["framework"].help_text = _("Kun målinger markeret som rammevilkår.")
        totals = Indicator.objects.filter(target_group__isnull=True).order_by("name")
        if self.instance.pk:
            totals = totals.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = totals

    def clean(self):
        data = super().clean()
        errors = services.indicator_validate(
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            scale=data.get("scale"),
            framework=list(data.get("framework") or []),
            milestone_threshold=data.get("milestone_threshold"),
            milestone_months=data.get("milestone_months"),
            target_group=data.get("target_group"),
            parent=data.get("parent"),
            kind=data.get("kind"),
        )
        field_of = {"milestone": "milestone_threshold"}
        for key, messages in errors.items():
            field = field_of.get(key, key)
            for message in messages:
                if field in self.fields and field not in self.errors:
                    self.add_error(field, message)
                elif field not in self.fields:
                    self.add_error(None, message)
        return data


class ComputationStartForm(forms.Form):
    period = PeriodFormField(
        label=_("Måned (ÅÅÅÅ-MM)"),
        required=False,
        help_text=_(
            "Tom: alle måneder med data. Ellers måneden og de senere måneder, der afhænger af den."
        ),
    )

"""Forms of evaluations: scores of one site and round (one field per area), a score file, and
the design forms STAR staff use (evaluation, cohort, site, round)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import Municipality

from .models import Evaluation, EvaluationCohort, EvaluationRound, EvaluationSite

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScoreEntryForm(forms.Form):
    """One number per area of the framework, within the area's scale, and an optional note."""

    def __init__(self, *args, areas, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        initial_scores = initial_scores or {}
        for area in areas:
            score, comment = initial_scores.get(area.pk, (None, ""))
            self.fields[f"score_{area.pk}"] = forms.FloatField(
                label=area.name,
                required=False,
                min_value=area.scale_min,
                max_value=area.scale_max,
                initial=score,
                help_text=_("Skala %(min)s–%(max)s %(unit)s")
                % {
                    "min": f"{area.scale_min:g}",
                    "max": f"{area.scale_max:g}",
                    "unit": area.scale_unit,
                },
                widget=forms.NumberInput(
                    attrs={"step": "any", "class": "form-input input-width-xs"}
                ),
            )
            self.fields[f"comment_{area.pk}"] = forms.CharField(
                label=_("Bemærkning til %(area)s") % {"area": area.name},
                required=False,
                initial=comment,
                widget=forms.TextInput(attrs={"class": "form-input"}),
            )

    def rows(self):
        """[(area, score, comment)] for the areas that have a score."""
        return [
            (area, self.cleaned_data[f"score_{area.pk}"], self.cleaned_data[f"comment_{area.pk}"])
            for area in self.areas
            if self.cleaned_data.get(f"score_{area.pk}") is not None
        ]

    def bound_rows(self):
        """(area, score field, comment field) for the template, grouped by area."""
        return [(a, self[f"score_{a.pk}"], self[f"comment_{a.pk}"]) for a in self.areas]


class ScoreFileForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med scorer"),
        help_text=_("CSV eller XLSX med kolonnerne område og score (og evt. bemærkning)."),
    )


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["reform", "framework", "name", "slug", "description"]


class CohortForm(forms.ModelForm):
    class Meta:
        model = EvaluationCohort
        fields = ["name", "order", "description"]

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.evaluation = evaluation

    def clean_name(self):
        # The (evaluation, name) constraint is not checked by the form: evaluation is no field.
        name = self.cleaned_data["name"]
        clash = self.instance.evaluation.cohorts.filter(name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Evalueringen har allerede en kohorte med det navn."))
        return name


class SiteForm(forms.ModelForm):
    class Meta:
        model = EvaluationSite
        fields = ["name", "cohort", "started_on", "municipalities"]
        widgets = {"started_on": DATE}

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.evaluation = evaluation
        self.fields["cohort"].queryset = evaluation.cohorts.order_by("order", "name")
        self.fields["municipalities"].queryset = Municipality.objects.order_by("name")
        self.fields["started_on"].required = True


class RoundForm(forms.ModelForm):
    class Meta:
        model = EvaluationRound
        fields = ["number", "held_on", "status", "description"]
        widgets = {"held_on": DATE}

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.evaluation = evaluation
        self.fields["held_on"].required = True
        if not self.instance.pk:
            taken = set(evaluation.rounds.values_list("number", flat=True))
            self.fields["number"].initial = next(n for n in range(len(taken) + 1) if n not in taken)

    def clean_number(self):
        number = self.cleaned_data["number"]
        clash = self.instance.evaluation.rounds.filter(number=number).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Evalueringen har allerede en runde med det nummer."))
        return number

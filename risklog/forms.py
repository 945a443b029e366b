"""Forms of the plan and the risk log (Danish labels; the rules themselves live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import validate_single_line
from indicators.models import Indicator
from reforms.models import Person

from .models import Initiative, MitigationAction, RagStatus, Risk, StatusUpdate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReformScopedForm(forms.ModelForm):
    """Choices limited to the reform: its indicators and initiatives."""

    def __init__(self, *args, reform, **kwargs):
        super().__init__(*args, **kwargs)
        self.reform = reform
        if "indicators" in self.fields:
            self.fields["indicators"].queryset = Indicator.objects.filter(reform=reform).order_by(
                "kind", "name"
            )
            self.fields["indicators"].help_text = _(
                "Reformens sigtelinjer og implementeringsindikatorer."
            )
        for name in ("initiatives", "depends_on"):
            if name in self.fields:
                qs = Initiative.objects.filter(reform=reform)
                if self.instance.pk and name == "depends_on":
                    qs = qs.exclude(pk=self.instance.pk)
                self.fields[name].queryset = qs
                self.fields[name].required = False

    def _post_clean(self):
        # Model validation runs in the services (with the reform set); nothing here.
        pass


class InitiativeForm(ReformScopedForm):
    class Meta:
        model = Initiative
        fields = [
            "title",
            "description",
            "responsible_office",
            "responsible_person",
            "lever_type",
            "indicators",
            "intention",
            "start_date",
            "end_date",
            "depends_on",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}


class StatusUpdateForm(forms.ModelForm):
    class Meta:
        model = StatusUpdate
        fields = ["content_status", "progress_status", "percent_complete", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def _post_clean(self):
        pass


class RiskForm(ReformScopedForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "description",
            "cause",
            "consequence",
            "category",
            "owner",
            "status",
            "review_interval_days",
            "next_review_date",
            "indicators",
            "initiatives",
        ]
        widgets = {
            "next_review_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 3}),
            "consequence": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "next_review_date": _("Tom: beregnes ud fra intervallet."),
        }


class AssessmentForm(forms.Form):
    """Inherent and residual likelihood x impact; choices are the matrix's scale steps."""

    inherent_likelihood = forms.TypedChoiceField(label=_("Sandsynlighed før tiltag"), coerce=int)
    inherent_impact = forms.TypedChoiceField(label=_("Konsekvens før tiltag"), coerce=int)
    residual_likelihood = forms.TypedChoiceField(label=_("Sandsynlighed efter tiltag"), coerce=int)
    residual_impact = forms.TypedChoiceField(label=_("Konsekvens efter tiltag"), coerce=int)
    note = forms.CharField(
        label=_("Bemærkning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skal udfyldes, hvis niveauet efter tiltag er højere end før."),
    )

    def __init__(self, *args, definition, **kwargs):
        super().__init__(*args, **kwargs)
        likelihood = [("", "—")] + [
            (s.value, f"{s.value} – {s.label}") for s in definition["likelihood"]
        ]
        impact = [("", "—")] + [(s.value, f"{s.value} – {s.label}") for s in definition["impact"]]
        for name, field in self.fields.items():
            if name.endswith("likelihood"):
                field.choices = likelihood
            elif name.endswith("impact"):
                field.choices = impact


class MitigationActionForm(forms.ModelForm):
    class Meta:
        model = MitigationAction
        fields = ["action", "owner", "due_date", "status"]
        widgets = {"due_date": DATE}
        error_messages = {
            "owner": {"required": _("En handling skal have en ansvarlig.")},
            "due_date": {"required": _("En handling skal have en frist.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.order_by("name")

    def _post_clean(self):
        pass


class EscalationForm(forms.Form):
    subject = forms.CharField(label=_("Emne"), max_length=200, validators=[validate_single_line])
    cause = forms.CharField(
        label=_("Årsag"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposal = forms.CharField(
        label=_("Forslag til handling"), widget=forms.Textarea(attrs={"rows": 4})
    )


RAG_CHOICES = [("", _("Alle"))] + list(RagStatus.choices)

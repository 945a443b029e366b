"""Forms of follow-up cases: open, edit and comment. The owner is one choice among STAR
people and offices (AMK first)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.periods import parse_period
from indicators.models import Indicator, Municipality

from ..forms import _date_widgets
from ..models import FollowUp, FollowUpComment, Office, Person, Reform


def owner_choices():
    """Grouped choices "person:<pk>" and "office:<pk>" (AMK offices first)."""
    offices = sorted(
        Office.objects.all(), key=lambda o: (o.kind != Office.Kind.AMK, o.name.lower())
    )
    return [
        ("", "---------"),
        (_("Personer"), [(f"person:{p.pk}", str(p)) for p in Person.objects.order_by("name")]),
        (_("Kontorer"), [(f"office:{o.pk}", str(o)) for o in offices]),
    ]


class OwnerFormMixin:
    """One "owner" field instead of the model's two owner foreign keys."""

    def _init_owner(self):
        self.fields["owner"] = forms.ChoiceField(
            label=_("Ansvarlig"),
            choices=owner_choices(),
            help_text=_("En STAR-medarbejder eller et kontor, fx kommunens arbejdsmarkedskontor."),
        )
        instance = self.instance
        if instance.owner_person_id:
            self.initial.setdefault("owner", f"person:{instance.owner_person_id}")
        elif instance.owner_office_id:
            self.initial.setdefault("owner", f"office:{instance.owner_office_id}")
        # The owner field goes where the model's owner fields would be.
        order = list(self.fields)
        order.remove("owner")
        order.insert(order.index("next_step"), "owner")
        self.order_fields(order)

    def clean_owner(self):
        kind, _sep, pk = self.cleaned_data["owner"].partition(":")
        model = {"person": Person, "office": Office}.get(kind)
        obj = model.objects.filter(pk=pk).first() if model and pk.isdigit() else None
        if obj is None:
            raise forms.ValidationError(_("Vælg en ansvarlig person eller et kontor."))
        return obj

    def _update_errors(self, errors):
        # The model names its owner fields; the form has the one "owner" field.
        if hasattr(errors, "error_dict"):
            for name in ("owner_person", "owner_office"):
                if name in errors.error_dict:
                    moved = errors.error_dict.pop(name)
                    if "owner" not in self._errors:
                        errors.error_dict.setdefault("owner", []).extend(moved)
        super()._update_errors(errors)

    def owner_fields(self):
        owner = self.cleaned_data["owner"]
        return {
            "owner_person": owner if isinstance(owner, Person) else None,
            "owner_office": owner if isinstance(owner, Office) else None,
        }


class FollowUpCreateForm(OwnerFormMixin, forms.ModelForm):
    """Open a case; a warning's link fills every field so one click creates it."""

    period = forms.CharField(
        label=_("Måned for tallene"),
        required=False,
        help_text=_("ÅÅÅÅ-MM. Tom: den seneste måned med tal."),
    )

    class Meta:
        model = FollowUp
        fields = [
            "reform",
            "municipality",
            "indicator",
            "kind",
            "title",
            "description",
            "next_step",
            "due",
            "source",
        ]
        widgets = {"source": forms.HiddenInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reform"].queryset = Reform.objects.exclude(status=Reform.Status.CANCELLED)
        self.fields["reform"].label_from_instance = str
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["indicator"].queryset = Indicator.objects.filter(reform__isnull=False).order_by(
            "name"
        )
        self.fields["indicator"].help_text = _(
            "Tom: sagen gemmer alle reformens indikatorer for kommunen."
        )
        self.fields["source"].required = False
        # A new case is open: it needs its next step and due date (the model checks it too).
        self.fields["next_step"].required = True
        self.fields["due"].required = True
        self._init_owner()
        order = list(self.fields)
        order.remove("period")
        order.insert(order.index("indicator") + 1, "period")
        self.order_fields(order)

    def clean_period(self):
        text = self.cleaned_data.get("period", "").strip()
        if not text:
            return None
        try:
            return parse_period(text)
        except ValueError as exc:
            raise forms.ValidationError(_("Skriv måneden som ÅÅÅÅ-MM, fx 2025-06.")) from exc

    def clean_source(self):
        return self.cleaned_data.get("source") or FollowUp.Source.MANUAL

    def _post_clean(self):
        # The owner is set from the one "owner" field before the model's clean() runs.
        if "owner" in self.cleaned_data:
            for name, value in self.owner_fields().items():
                setattr(self.instance, name, value)
        super()._post_clean()


class FollowUpUpdateForm(OwnerFormMixin, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["kind", "title", "description", "next_step", "due", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_owner()

    def _post_clean(self):
        if "owner" in self.cleaned_data:
            for name, value in self.owner_fields().items():
                setattr(self.instance, name, value)
        super()._post_clean()


class FollowUpCommentForm(forms.ModelForm):
    class Meta:
        model = FollowUpComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


_date_widgets(FollowUpCreateForm)
_date_widgets(FollowUpUpdateForm)

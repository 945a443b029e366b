"""Forms of the reforms app (Danish labels come from the models' verbose names)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    ActionItem,
    ChecklistItem,
    CommunicationItem,
    Escalation,
    Group,
    GroupMember,
    ImplementabilityItem,
    Lever,
    Meeting,
    Office,
    PageSection,
    Person,
    Phase,
    Question,
    Reform,
)
from .services import DECISIONS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _date_widgets(model_form_class):
    """Use the browser's date pickers for every date field of the form."""
    for field in model_form_class.base_fields.values():
        if isinstance(field, forms.DateTimeField):
            field.widget = DateTimeInput()
            field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
        elif isinstance(field, forms.DateField):
            field.widget = DateInput()
            field.input_formats = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]
    return model_form_class


@_date_widgets
class ReformForm(forms.ModelForm):
    class Meta:
        model = Reform
        fields = [
            "name",
            "slug",
            "short_description",
            "intentions",
            "law_reference",
            "law_in_force",
            "responsible_office",
            "impl_contact",
            "complexity",
            "status",
            "reply_deadline_days",
        ]
        help_texts = {
            "slug": _("Bruges i adressen, fx »flere-skal-med«: små bogstaver, tal og bindestreg."),
            "complexity": _(
                "Komplekse reformer får en implementeringsgruppe, enkle en kommunikationsgruppe."
            ),
        }
        widgets = {"intentions": forms.Textarea(attrs={"rows": 5})}

    def clean_reply_deadline_days(self):
        days = self.cleaned_data["reply_deadline_days"]
        if days < 1:
            raise forms.ValidationError(_("Svarfristen skal være mindst 1 dag."))
        return days


@_date_widgets
class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["planned_start", "planned_end", "actual_start", "actual_end", "status"]


@_date_widgets
class ChecklistItemForm(forms.ModelForm):
    evidence_url = forms.URLField(
        label=_("Link til dokumentation"), required=False, assume_scheme="https"
    )

    class Meta:
        model = ChecklistItem
        fields = [
            "phase",
            "title",
            "responsible_office",
            "responsible_person",
            "due_date",
            "done",
            "note",
            "evidence_url",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, reform, **kwargs):
        super().__init__(*args, **kwargs)
        self.reform = reform
        # Only this reform's phases: another reform's phase is "not a valid choice".
        self.fields["phase"].queryset = reform.phases.all()
        self.fields["phase"].label_from_instance = lambda p: p.get_kind_display()
        self.fields["phase"].empty_label = None

    def clean_phase(self):
        phase = self.cleaned_data["phase"]
        if phase.reform_id != self.reform.pk:
            raise forms.ValidationError(_("Fasen hører til en anden reform."))
        return phase


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["kind", "name", "region", "responsible_office", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        others = Group.objects.filter(reform=self.instance.reform, kind=kind).exclude(
            pk=self.instance.pk
        )
        if kind in Group.ONE_PER_REFORM and others.exists():
            raise forms.ValidationError(
                _("Reformen har allerede en %(kind)s.") % {"kind": Group.Kind(kind).label.lower()}
            )
        return kind

    def clean(self):
        cleaned = super().clean()
        kind, region = cleaned.get("kind"), cleaned.get("region")
        if kind in Group.MUNICIPAL and region is not None:
            # The form has no reform field, so the model's constraint is checked here.
            same = Group.objects.filter(reform=self.instance.reform, kind=kind, region=region)
            if same.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "region", _("Reformen har allerede et netværk af den type i regionen.")
                )
        return cleaned


class GroupMemberForm(forms.ModelForm):
    class Meta:
        model = GroupMember
        fields = ["person", "municipality", "akasse", "role"]

    def clean(self):
        cleaned = super().clean()
        person, municipality = cleaned.get("person"), cleaned.get("municipality")
        akasse = cleaned.get("akasse")
        group = self.instance.group
        chosen = [who for who in (person, municipality, akasse) if who]
        if len(chosen) > 1:
            raise forms.ValidationError(
                _("Vælg enten en person, en kommune eller en a-kasse, ikke flere.")
            )
        if not chosen:
            raise forms.ValidationError(_("Vælg en person, en kommune eller en a-kasse."))
        others = GroupMember.objects.filter(group=group).exclude(pk=self.instance.pk)
        if person and others.filter(person=person).exists():
            self.add_error("person", _("%(who)s er allerede medlem af gruppen.") % {"who": person})
        if municipality and others.filter(municipality=municipality).exists():
            self.add_error(
                "municipality",
                _("%(who)s er allerede medlem af gruppen.") % {"who": municipality},
            )
        if municipality and group.kind not in Group.MUNICIPAL:
            self.add_error(
                "municipality",
                _("Kun kommunenetværk og teamledernetværk kan have kommuner som medlemmer."),
            )
        if akasse and others.filter(akasse=akasse).exists():
            self.add_error("akasse", _("%(who)s er allerede medlem af gruppen.") % {"who": akasse})
        if akasse and group.kind not in Group.AKASSE:
            self.add_error("akasse", _("Kun netværk og fora kan have a-kasser som medlemmer."))
        return cleaned


@_date_widgets
class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["starts_at", "title", "location", "agenda", "minutes", "decisions"]
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }


@_date_widgets
class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["text", "owner", "due_date", "status"]


class EscalationForm(forms.ModelForm):
    class Meta:
        model = Escalation
        fields = ["subject", "cause", "proposal", "indicator"]
        widgets = {
            "cause": forms.Textarea(attrs={"rows": 3}),
            "proposal": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reform = self.instance.reform
        self.fields["indicator"].queryset = reform.indicators.all()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not self.instance.is_open:
            raise forms.ValidationError(_("En besluttet eskalering kan ikke ændres."))
        return cleaned


@_date_widgets
class EscalationDecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Beslutning"),
        choices=[(s.value, s.label) for s in DECISIONS],
        widget=forms.RadioSelect,
    )
    decision_text = forms.CharField(
        label=_("Styregruppens beslutning"), widget=forms.Textarea(attrs={"rows": 4})
    )
    decided_at = forms.DateField(label=_("Besluttet den"), required=False)


@_date_widgets
class CommunicationItemForm(forms.ModelForm):
    class Meta:
        model = CommunicationItem
        fields = [
            "message",
            "audience",
            "to_akasser",
            "purpose",
            "channel",
            "timing",
            "responsible",
            "status",
        ]


@_date_widgets
class ImplementabilityItemForm(forms.ModelForm):
    class Meta:
        model = ImplementabilityItem
        fields = ["initiative", "difficulty", "reasons", "workshop_date", "municipalities"]
        widgets = {
            "reasons": forms.Textarea(attrs={"rows": 3}),
            "municipalities": forms.SelectMultiple(attrs={"size": 8}),
            "difficulty": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }


class PageSectionForm(forms.ModelForm):
    class Meta:
        model = PageSection
        fields = ["body", "links", "public"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            "links": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_links(self):
        links = self.cleaned_data["links"]
        validator = forms.URLField(assume_scheme="https")
        for number, line in enumerate(links.splitlines(), start=1):
            if not line.strip():
                continue
            _title, _sep, url = line.partition("|")
            url = (url or line).strip()
            try:
                validator.clean(url)
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    _("Linje %(n)s: »%(url)s« er ikke en gyldig adresse.")
                    % {"n": number, "url": url}
                ) from exc
        return links


class LeverForm(forms.ModelForm):
    class Meta:
        model = Lever
        fields = [
            "reform",
            "type",
            "name",
            "description",
            "phase",
            "target_group",
            "used_share",
            "top3_share",
            "evidence",
            "source",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        reform, name = cleaned.get("reform"), cleaned.get("name")
        if reform and name:
            others = Lever.objects.filter(reform=reform, name__iexact=name).exclude(
                pk=self.instance.pk
            )
            if others.exists():
                self.add_error("name", _("Reformen har allerede et greb med dette navn."))
        used, top3 = cleaned.get("used_share"), cleaned.get("top3_share")
        if used is not None and top3 is not None and top3 > used:
            self.add_error(
                "top3_share",
                _(
                    "Andelen, der vurderer grebet blandt de tre vigtigste, kan ikke være større "
                    "end andelen, der har brugt det."
                ),
            )
        return cleaned


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["municipality", "subject", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_jobcentre or user.is_akasse:
            # A job-centre manager asks for his own municipality, an a-kasse user for his fund.
            del self.fields["municipality"]


class AnswerForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["answer", "published"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].required = True


class OfficeForm(forms.ModelForm):
    class Meta:
        model = Office
        fields = ["code", "name", "kind"]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "email", "office", "user"]

"""Forms of the public reform page: milestones and documents."""

from django import forms

from ..forms import _date_widgets
from ..models import Document, LegislativeMilestone
from .services import upload_error


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = LegislativeMilestone
        fields = ["kind", "date", "note", "url", "public"]


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["title", "kind", "date", "file", "public"]
        widgets = {
            "file": forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.odt"})
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        error = upload_error(upload)
        if error:
            raise forms.ValidationError(error)
        return upload


_date_widgets(MilestoneForm)
_date_widgets(DocumentForm)

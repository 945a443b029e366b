"""The form STAR staff load a cluster classification with (indicators/clusters.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import upload_size_error

from .groups import BENEFIT_GROUP_CHOICES

MAX_CLUSTER_FILE_BYTES = 1024 * 1024


class ClusterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med klyngeinddeling"),
        help_text=_(
            "CSV eller XLSX med kolonnerne municipality;cluster og evt. group (ydelsesgruppen). "
            "Gemmes kun, hvis hele filen er i orden."
        ),
    )
    group = forms.ChoiceField(
        label=_("Ydelsesgruppe"),
        choices=[("", _("Fra filens kolonne group")), *BENEFIT_GROUP_CHOICES],
        required=False,
        help_text=_("Bruges for rækker uden ydelsesgruppe i filen."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = upload_size_error(upload, MAX_CLUSTER_FILE_BYTES)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class ClusterClearForm(forms.Form):
    group = forms.ChoiceField(choices=BENEFIT_GROUP_CHOICES)

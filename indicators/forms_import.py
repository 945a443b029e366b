"""The upload form of observation imports (page); the API validates the same way."""

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import upload_size_error

from .imports import MAX_UPLOAD_BYTES
from .imports.validate import EXTENSIONS, FORMATS

FORMAT_CHOICES = [("", _("Efter filtypen"))] + [(f, f) for f in FORMATS]


def validate_upload(upload, requested_format=None):
    """Danish error text for an unacceptable upload (size, type), or None."""
    error = upload_size_error(upload, MAX_UPLOAD_BYTES)
    if error:
        return error
    if not requested_format and Path(upload.name).suffix.lower() not in EXTENSIONS:
        return _(
            "Filtypen kendes ikke: upload en .csv-, .xlsx- eller .json-fil (eller vælg formatet)."
        )
    return None


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"),
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,.xlsx,.json"}),
        help_text=_(
            "CSV (measure;municipality;period;value), XLSX med de samme kolonner eller JSON fra "
            "jobindsats. Højst 20 MB."
        ),
    )
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, required=False)
    dry_run = forms.BooleanField(
        label=_("Prøvekørsel: valider og vis ændringerne uden at gemme"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        error = validate_upload(cleaned.get("file"), cleaned.get("format"))
        if error and "file" not in self.errors:
            self.add_error("file", error)
        return cleaned

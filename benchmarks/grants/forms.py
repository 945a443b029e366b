"""The form STAR staff load a reform's grant amounts with (a CSV, all or nothing)."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_GRANT_FILE_BYTES = 512 * 1024


class GrantAmountsForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med tilskud"),
        help_text=_(
            "CSV med kolonnerne municipality;amount (kommunekode eller navn; beløb i kr.). "
            "Gemmes kun, hvis hele filen er i orden."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_GRANT_FILE_BYTES:
            raise forms.ValidationError(_("Filen er for stor (højst 512 kB)."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("Filen skal være UTF-8-tekst (CSV).")) from exc

"""The form STAR staff set a sigtelinje's national target with: a linear path from start to
target, or a path file loaded month by month (indicators/national.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.periods import PeriodFormField

from .national import PathFileError, parse_path_file

MAX_PATH_FILE_BYTES = 256 * 1024


class NationalTargetForm(forms.Form):
    start_period = PeriodFormField(label=_("Startmåned (ÅÅÅÅ-MM)"))
    start_value = forms.FloatField(label=_("Startværdi"))
    target_period = PeriodFormField(label=_("Målmåned (ÅÅÅÅ-MM)"))
    target_value = forms.FloatField(label=_("Målværdi"))
    note = forms.CharField(label=_("Bemærkning"), required=False, widget=forms.Textarea)
    path_file = forms.FileField(
        label=_("Indlæst sti (valgfri)"),
        required=False,
        help_text=_(
            "CSV med kolonnerne period;value, én række pr. måned. Gemmes kun, hvis hele filen "
            "er i orden; så afløser den den lineære sti, og start og mål bliver filens første "
            "og sidste måned."
        ),
    )

    def clean_path_file(self):
        upload = self.cleaned_data.get("path_file")
        if not upload:
            return None
        if upload.size > MAX_PATH_FILE_BYTES:
            raise forms.ValidationError(_("Filen er for stor (højst 256 kB)."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("Filen skal være UTF-8-tekst (CSV).")) from exc
        try:
            parse_path_file(text)
        except PathFileError as exc:
            raise forms.ValidationError(
                [f"række {line}: {msg}" for line, msg in exc.errors]
            ) from exc
        return text

    def clean(self):
        data = super().clean()
        start, end = data.get("start_period"), data.get("target_period")
        if start and end and end <= start and not data.get("path_file"):
            self.add_error("target_period", _("Målmåneden skal ligge efter startmåneden."))
        return data

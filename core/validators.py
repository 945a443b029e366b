"""Validators shared by models, forms and serializers (a model field's validators reach its
ModelForm and its DRF ModelSerializer field as well)."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: Unicode control characters (newline, carriage return, tab, NUL, …) and the line and
#: paragraph separators.
_BREAKING = {"Cc", "Zl", "Zp"}


def has_control_characters(text):
    return any(unicodedata.category(ch) in _BREAKING for ch in str(text))


def validate_single_line(value):
    """A subject, name or title is one line: no control characters (a newline in a subject
    would otherwise reach an e-mail header, a CSV cell or a PDF heading)."""
    if value and has_control_characters(value):
        raise ValidationError(
            _("Feltet skal være én linje uden linjeskift, tabulatorer eller andre styretegn."),
            code="control_characters",
        )


def upload_size_error(upload, limit):
    """Danish text for an upload that is missing, larger than `limit` bytes or empty, else None.
    Observation imports and the reform's document library check their uploads with it (each
    then checks its own file types)."""
    if upload is None:
        return _("Vælg en fil.")
    if upload.size > limit:
        return _("Filen er for stor (%(size)s MB); grænsen er %(limit)s MB.") % {
            "size": round(upload.size / 1024 / 1024, 1),
            "limit": limit // 1024 // 1024,
        }
    if upload.size == 0:
        return _("Filen er tom.")
    return None

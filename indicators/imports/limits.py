"""What every import parser shares: reading the file's text and the size limits from settings."""

from django.conf import settings

from core.formatting import da_number

from .validate import ImportFormatError


def decode_text(data):
    """bytes -> text without a BOM; ImportFormatError if it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFormatError(
            f"filen er ikke UTF-8 (fejl i linje {line}); gem den som CSV UTF-8"
        ) from exc


def import_limit(name, default):
    return int(getattr(settings, name, default))


def megabytes(size):
    return da_number(size / 1024 / 1024, 1)

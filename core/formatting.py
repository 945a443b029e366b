"""Danish number formatting: the one implementation the pages, API downloads, PDF reports and
e-mails all use, so a figure reads the same everywhere."""

import datetime
import functools
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

MISSING = "–"
_QUANTA = {d: Decimal(1).scaleb(-d) for d in range(0, 7)}


def da_number(value, decimals=1):
    """1234.5 -> '1.234,5'; rounded half up (12.25 -> '12,3', 12.96 -> '13,0'); '–' for
    missing. Plain string work, independent of the active locale (worker output is stable)."""
    if value is None or value == "":
        return MISSING
    decimals = int(decimals)
    number = Decimal(repr(float(value))).quantize(_QUANTA[decimals], rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)  # no "-0,0"
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def da_count(value):
    """A count: thousand separators, no decimals (3707.0 -> '3.707'); '–' for missing."""
    return da_number(value, 0)


def _django_format(value, format_name):
    from django.utils import dateformat, formats, translation

    with translation.override("da"):
        return dateformat.format(value, formats.get_format(format_name, lang="da"))


def da_date(value):
    """date -> '6. dec. 2026' (DATE_FORMAT of core/formats/da); '–' for missing. The same in the
    worker as on a page: the Danish format is used whatever language is active."""
    if value is None:
        return MISSING
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return _django_format(value, "DATE_FORMAT")


def da_datetime(value):
    """datetime -> '6. dec. 2026 14:05' in the current time zone; '–' for missing."""
    if value is None:
        return MISSING
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return _django_format(value, "DATETIME_FORMAT")


def da_month(value):
    """A period (its first day) -> 'nov. 2026' (YEAR_MONTH_FORMAT); '–' for missing."""
    return MISSING if value is None else _month_text(value)


@functools.lru_cache(maxsize=1024)
def _month_text(value):
    """da_month's text, kept per process: always Danish, so it depends on the date alone (a
    monthly report asks for the same few dozen months hundreds of times)."""
    return _django_format(value, "YEAR_MONTH_FORMAT")


#: Official names that are not "<name> Kommune": the genitive of København, and Bornholm's
#: regional municipality.
_OFFICIAL_NAMES = {"København": "Københavns Kommune", "Bornholm": "Bornholms Regionskommune"}


def municipality_name(name):
    """A municipality's official name: 'Aarhus' -> 'Aarhus Kommune', 'København' -> 'Københavns
    Kommune' (genitive), 'Bornholm' -> 'Bornholms Regionskommune'; '–' for missing."""
    if not name:
        return MISSING
    return _OFFICIAL_NAMES.get(name, f"{name} Kommune")

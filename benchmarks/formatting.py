"""Danish number and month formatting shared by the PDF report and the e-mails (numbers via
core.formatting, the same function the pages use)."""

from core.formatting import MISSING, da_number  # noqa: F401 - re-exported for the report

MONTHS_DA = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]
SUPPRESSED = "<5"


def signed_da_number(value, decimals=1):
    """Like da_number with an explicit '+' for increases."""
    if value is None:
        return MISSING
    text = da_number(value, decimals)
    return f"+{text}" if value > 0 and text.strip("0,.") else text


def month_label(day, *, long=False):
    """date -> 'jan 2024' (short) or 'januar 2024' (long)."""
    name = MONTHS_DA[day.month - 1]
    return f"{name} {day.year}" if long else f"{name[:3]} {day.year}"

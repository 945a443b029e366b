"""Danish number formatting: the one implementation the pages, API downloads, PDF reports and
e-mails all use, so a figure reads the same everywhere."""

from decimal import ROUND_HALF_UP, Decimal

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

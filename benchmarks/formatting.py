"""Danish signed numbers and the suppression mark shared by the PDF report and the e-mails
(numbers via core.formatting, the same function the pages use; months: core.periods)."""

from core.formatting import MISSING, da_date, da_month, da_number  # noqa: F401 - re-exported

SUPPRESSED = "<5"


def signed_da_number(value, decimals=1):
    """Like da_number with an explicit '+' for increases."""
    if value is None:
        return MISSING
    text = da_number(value, decimals)
    return f"+{text}" if value > 0 and text.strip("0,.") else text

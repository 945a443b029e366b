"""Writing grant tranches and loading grant amounts (all or nothing)."""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core.services import model_save
from indicators.models import Municipality
from reforms.models import GrantAmount, GrantTranche


@transaction.atomic
def grant_tranche_create(*, reform, by=None, **fields):
    """A new tranche; the reform's shares may not add up to more than 100 %."""
    tranche = GrantTranche(reform=reform, **fields)
    taken = (
        GrantTranche.objects.select_for_update()
        .filter(reform=reform)
        .aggregate(total=Sum("share"))["total"]
        or 0
    )
    if tranche.share is not None and taken + tranche.share > 100 + 1e-9:
        raise ValidationError(
            {
                "share": _("Raterne må højst udgøre 100 %% tilsammen; %(taken)s %% er fordelt.")
                % {"taken": f"{taken:g}"}
            }
        )
    return model_save(tranche, by=by)


class GrantFileError(ValueError):
    """Errors of a grant-amount file: [(line, message)]; nothing was stored."""

    def __init__(self, errors):
        super().__init__("; ".join(f"række {line}: {msg}" for line, msg in errors))
        self.errors = errors


def _municipality_index():
    index = {}
    for code, name in Municipality.objects.values_list("code", "name"):
        index[str(code)] = code
        index[f"{code:04d}"] = code
        index[name.casefold()] = code
    return index


def _amount(raw):
    raw = raw.strip().replace(" ", "")
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    value = Decimal(raw)
    if not value.is_finite() or value < 0:
        raise InvalidOperation
    return value


def parse_grant_file(text):
    """`municipality;amount` rows (code or name; decimal comma or point) -> {code: amount};
    GrantFileError with every bad row."""
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if ";" in first or "," not in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    if header[:2] != ["municipality", "amount"]:
        raise GrantFileError([(1, _("overskriften skal være »municipality;amount«"))])
    index = _municipality_index()
    amounts, seen, errors = {}, {}, []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2:
            errors.append((line, _("rækken skal have en kommune og et beløb")))
            continue
        code = index.get(row[0].strip().casefold())
        if code is None:
            errors.append((line, _("ukendt kommune »%(m)s«") % {"m": row[0].strip()}))
            continue
        try:
            amount = _amount(row[1])
        except (InvalidOperation, ValueError):
            errors.append((line, _("beløbet »%(v)s« er ikke et tal ≥ 0") % {"v": row[1]}))
            continue
        if code in seen:
            errors.append((line, _("kommunen står også i række %(other)s") % {"other": seen[code]}))
            continue
        seen[code] = line
        amounts[code] = amount
    if errors:
        raise GrantFileError(errors)
    if not amounts:
        raise GrantFileError([(2, _("filen har ingen kommuner"))])
    return amounts


def grant_amounts_load(*, reform, text, by=None):
    """Create or update each municipality's grant from the file, all or nothing; a changed
    amount is a new history row. Returns (created, updated, unchanged)."""
    amounts = parse_grant_file(text)
    created = updated = unchanged = 0
    with transaction.atomic():
        stored = {g.municipality_id: g for g in GrantAmount.objects.filter(reform=reform)}
        for code, amount in sorted(amounts.items()):
            row = stored.get(code)
            if row is None:
                model_save(GrantAmount(reform=reform, municipality_id=code, amount=amount), by=by)
                created += 1
            elif row.amount != amount:
                row.amount = amount
                model_save(row, by=by)
                updated += 1
            else:
                unchanged += 1
    return created, updated, unchanged

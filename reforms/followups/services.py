"""Writes of follow-up cases: open (with the figures snapshotted), update, close and comment.
Pages, the API and the demo data call these; a bad input is a ValidationError and nothing is
saved."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.periods import parse_period
from core.services import model_save

from ..models import FollowUp, FollowUpComment
from . import selectors

#: Fields a case's update may change (reform, municipality, figures and origin are fixed).
EDITABLE = (
    "kind",
    "title",
    "description",
    "owner_person",
    "owner_office",
    "next_step",
    "due",
    "status",
)


@transaction.atomic
def followup_open(
    *,
    reform,
    municipality,
    by,
    title,
    next_step="",
    due=None,
    kind=FollowUp.Kind.DIALOGUE,
    owner_person=None,
    owner_office=None,
    description="",
    source=FollowUp.Source.MANUAL,
    indicator=None,
    period=None,
):
    """Open a case with a municipality about a reform; the figures it is about (the indicator's,
    or every indicator of the reform's) are snapshotted as they stand now."""
    followup = FollowUp(
        reform=reform,
        municipality=municipality,
        kind=kind,
        title=title,
        description=description,
        source=source,
        indicator=indicator,
        owner_person=owner_person,
        owner_office=owner_office,
        next_step=next_step,
        due=due,
        created_by=by,
    )
    followup.full_clean()  # before the snapshot's queries: bad input answers at once
    followup.snapshot = selectors.followup_snapshot(
        municipality=municipality, reform=reform, indicator=indicator, period=period
    )
    if followup.snapshot:
        followup.period = parse_period(followup.snapshot["period"])
    return model_save(followup, by=by)


@transaction.atomic
def followup_update(*, followup, by, today=None, **fields):
    """Change a case's editable fields; closing records the day, reopening clears it."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            _("Disse felter kan ikke ændres: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    was_open = followup.is_open
    for name, value in fields.items():
        setattr(followup, name, value)
    if was_open and not followup.is_open:
        followup.closed_at = today or timezone.localdate()
    elif followup.is_open:
        followup.closed_at = None
    return model_save(followup, by=by)


def followup_comment(*, followup, by, text):
    """Add a comment to a case (STAR staff or the municipality's job-centre manager)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Skriv en kommentar.")})
    if not by.has_perm(FollowUp.get_perm("comment"), followup):
        raise ValidationError(_("Du kan ikke kommentere denne opfølgning."))
    comment = FollowUpComment(followup=followup, author=by, text=text)
    return model_save(comment, by=by)

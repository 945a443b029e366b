"""Writes of the public reform page: publish and withdraw, legislative milestones (which set
the phases' planned dates and the day the law enters into force) and documents (checked like
imports: size and type, nothing stored on a bad file)."""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import model_save
from core.validators import upload_size_error
from indicators.imports import MAX_UPLOAD_BYTES

from ..models import Document, LegislativeMilestone, Phase, Publication

#: File types of the document library and the bytes each must start with.
DOCUMENT_TYPES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
}


@transaction.atomic
def publication_set(*, reform, published, by):
    """Publish (or withdraw) the reform's page at /public/reforms/{slug}/."""
    publication, _created = Publication.objects.select_for_update().get_or_create(reform=reform)
    publication.published = published
    if published:
        publication.published_at = timezone.now()
        publication.published_by = by
    return model_save(publication, by=by)


def phase_dates_from_milestones(*, reform, by=None):
    """The legislation drives the phases: the political agreement ends *forberede* and starts
    *planlægge*; entry into force ends *planlægge* the day before and starts *indledende*, and
    is the reform's `law_in_force`. Only planned dates change; actual dates are facts."""
    dates = dict(reform.milestones.values_list("kind", "date"))
    agreement = dates.get(LegislativeMilestone.Kind.AGREEMENT)
    in_force = dates.get(LegislativeMilestone.Kind.IN_FORCE)
    phases = {p.kind: p for p in reform.phases.all()}
    changes = {}
    if agreement:
        changes[Phase.Kind.PREPARE] = {"planned_end": agreement}
        changes[Phase.Kind.PLAN] = {"planned_start": agreement}
    if in_force:
        changes.setdefault(Phase.Kind.PLAN, {})["planned_end"] = in_force - datetime.timedelta(1)
        changes[Phase.Kind.INITIAL] = {"planned_start": in_force}
    for kind, fields in changes.items():
        phase = phases.get(kind)
        if phase is None or all(getattr(phase, k) == v for k, v in fields.items()):
            continue
        for name, value in fields.items():
            setattr(phase, name, value)
        model_save(phase, by=by)
    if in_force and reform.law_in_force != in_force:
        reform.law_in_force = in_force
        model_save(reform, by=by)


@transaction.atomic
def milestone_save(*, milestone, by):
    """Create or change a milestone and move the phases' planned dates with it."""
    model_save(milestone, by=by)
    phase_dates_from_milestones(reform=milestone.reform, by=by)
    return milestone


def upload_error(upload):
    """Danish text for a document that may not be stored (size, type, content), or None."""
    error = upload_size_error(upload, MAX_UPLOAD_BYTES)
    if error:
        return error
    suffix = Path(upload.name).suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        return _(
            "Filtypen kan ikke bruges: upload en PDF-, Word-, Excel-, PowerPoint- eller ODT-fil."
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(DOCUMENT_TYPES[suffix]):
        return _("Filens indhold passer ikke til filtypen %(suffix)s.") % {"suffix": suffix}
    return None


def document_add(*, reform, title, kind, date, file, by, public=True):
    """Add a file to the reform's document library; a bad file is refused before storing."""
    error = upload_error(file)
    if error:
        raise ValidationError({"file": error})
    document = Document(reform=reform, title=title, kind=kind, date=date, file=file, public=public)
    return model_save(document, by=by)

"""Writes on reforms: creating a reform creates its four phases."""

from django.db import transaction

from .models import Phase, Reform


@transaction.atomic
def reform_create(*, by=None, **fields):
    """Create a reform with its four phases (prepare, plan, initial, final)."""
    reform = Reform(**fields)
    reform._history_user = by
    reform.full_clean()
    reform.save()
    for kind in Phase.Kind:
        phase = Phase(reform=reform, kind=kind)
        phase._history_user = by
        phase.save()
    return reform

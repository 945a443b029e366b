"""The home-page panel of a risk or action owner: what is overdue or due soon."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.home import register_panel

from . import selectors
from .models import MitigationAction, Risk


@register_panel
def risk_owner_panel(user):
    """Overdue actions and reviews owned by the user's person (None when the user owns none)."""
    if not getattr(user, "is_star_reader", False):
        return None
    person = getattr(user, "person", None)
    if person is None:
        return None
    owns = (
        Risk.objects.filter(owner=person).exists()
        or MitigationAction.objects.filter(owner=person).exists()
    )
    if not owns:
        return None
    today = timezone.localdate()
    return {
        "title": _("Mine risici og handlinger"),
        "template": "risklog/_home_panel.html",
        "overdue_actions": list(selectors.overdue_actions(owner=person, today=today)[:10]),
        "overdue_reviews": list(selectors.overdue_reviews(owner=person, today=today)[:10]),
        "due_actions": list(
            MitigationAction.objects.open()
            .filter(
                owner=person,
                due_date__gte=today,
                due_date__lte=today + datetime.timedelta(days=14),
            )
            .exclude(risk__status=Risk.Status.CLOSED)
            .select_related("risk__reform")[:10]
        ),
    }

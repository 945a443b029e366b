"""Home-page panels of the reforms app."""

from django.utils.translation import gettext as _

from core.home import register_panel

from .selectors import open_escalations_for, reforms_with_status


@register_panel
def open_escalations_panel(user):
    """A steering member's open escalations awaiting a decision."""
    if not (getattr(user, "is_steering", False) or getattr(user, "person", None)):
        return None
    escalations = list(open_escalations_for(user)[:10])
    if not escalations:
        return None
    return {
        "title": _("Eskaleringer, der afventer styregruppens beslutning"),
        "template": "reforms/home_escalations.html",
        "escalations": escalations,
    }


@register_panel
def reforms_needing_attention_panel(user):
    """STAR staff see the reforms that are not på sporet (amber or red)."""
    if not getattr(user, "is_star_staff", False):
        return None
    rows = [row for row in reforms_with_status() if row["track"].status != "green"]
    if not rows:
        return None
    return {
        "title": _("Reformer, der kræver opmærksomhed"),
        "template": "reforms/home_reforms.html",
        "rows": rows,
    }

"""Home-page panels of follow-up cases: the owner's overdue next steps, the steering group's
count per reform."""

from django.utils.translation import gettext as _

from core.home import register_panel

from . import selectors


@register_panel
def overdue_followups_panel(user):
    """The follow-ups the user's STAR person (or office) owns whose next step is overdue."""
    person = getattr(user, "person", None)
    if person is None:
        return None
    followups = list(selectors.overdue_followups_for(person)[:10])
    if not followups:
        return None
    return {
        "title": _("Opfølgninger med overskredet frist"),
        "template": "reforms/home_followups.html",
        "followups": followups,
    }


@register_panel
def followup_counts_panel(user):
    """Steering members see the open and overdue follow-ups per reform."""
    if not getattr(user, "is_steering", False):
        return None
    counts = selectors.followup_counts()
    if not counts:
        return None
    return {
        "title": _("Opfølgning med kommunerne pr. reform"),
        "template": "reforms/home_followup_counts.html",
        "counts": counts,
    }

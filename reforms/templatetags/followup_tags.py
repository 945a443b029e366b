"""Template helpers of follow-up cases."""

from django import template

from reforms.followups.selectors import figure_followup_reason

register = template.Library()


@register.filter
def followup_reason(figure):
    """ "worse" (than expected), "off_track" (against the target) or None for a benchmark figure."""
    return figure_followup_reason(figure)

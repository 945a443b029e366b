"""Target groups (issue 22.5): parsing ?target_group= and the groups that have indicators."""

from django.utils.translation import gettext as _

from .models import Indicator, TargetGroup


def target_group_error(value):
    """The Danish message for an unknown target-group code (API 400, page warning)."""
    return _("Ukendt målgruppe »%(value)s«. Brug en af: %(codes)s.") % {
        "value": value,
        "codes": ", ".join(TargetGroup.values),
    }


def parse_target_group(text):
    """(code or None, Danish error or None) of a ?target_group= value; empty = everyone."""
    text = (text or "").strip()
    if not text:
        return None, None
    if text in TargetGroup.values:
        return text, None
    return None, target_group_error(text)


def target_groups_in_use():
    """[(code, label)] of the target groups that have at least one indicator, in the order of
    TargetGroup (the benchmark page's select offers only these)."""
    used = set(
        Indicator.objects.filter(target_group__isnull=False)
        .values_list("target_group", flat=True)
        .distinct()
    )
    return [(code, label) for code, label in TargetGroup.choices if code in used]

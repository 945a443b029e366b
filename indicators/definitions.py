"""Indicator definitions: one validation for the form and the API."""

from django.utils.translation import gettext as _


def indicator_validate(
    *,
    numerator,
    denominator,
    scale,
    framework,
    milestone_threshold,
    milestone_months,
    target_group=None,
    parent=None,
    kind=None,
):
    """Danish errors {field: [message]} of an indicator definition; {} when valid.

    numerator/denominator: Measure or None; framework: iterable of Measure; target_group: a
    TargetGroup code or None; parent: the indicator for everyone that this one splits, or None.
    A target group's indicator counts the group in its numerator (the numerator's target
    group is the indicator's) and divides by the group or by everyone.
    """
    errors = {}
    target_group = target_group or None
    if numerator is not None and (numerator.target_group or None) != target_group:
        errors.setdefault("target_group", []).append(
            _("Indikatorens målgruppe skal være tællerens målgruppe (%(group)s).")
            % {"group": numerator.get_target_group_display() if numerator.target_group else "-"}
        )
    if denominator is not None and denominator.target_group not in (None, "", target_group):
        errors.setdefault("denominator", []).append(
            _("Nævneren skal tælle indikatorens målgruppe eller alle.")
        )
    if parent is not None:
        if target_group is None:
            errors.setdefault("parent", []).append(
                _("Kun en målgruppeindikator kan høre under en samlet indikator.")
            )
        elif parent.target_group:
            errors.setdefault("parent", []).append(
                _("Den samlede indikator må ikke selv have en målgruppe.")
            )
        elif kind is not None and parent.kind != kind:
            errors.setdefault("parent", []).append(
                _("Den samlede indikator skal være af samme type.")
            )
    if numerator is None:
        errors.setdefault("numerator", []).append(_("Vælg en tællermåling, der findes."))
    if denominator is not None and numerator is not None and denominator.pk == numerator.pk:
        errors.setdefault("denominator", []).append(
            _("Nævneren skal være en anden måling end tælleren.")
        )
    if scale is None or not scale > 0:
        errors.setdefault("scale", []).append(_("Skalaen skal være større end 0."))
    not_framework = [m.code for m in framework or [] if not m.framework]
    if not_framework:
        errors.setdefault("framework", []).append(
            _("Disse målinger er ikke markeret som rammevilkår: %(codes)s.")
            % {"codes": ", ".join(sorted(not_framework))}
        )
    if (milestone_threshold is None) != (milestone_months is None):
        errors.setdefault("milestone", []).append(
            _("En milepæl kræver både en tærskel og et antal måneder.")
        )
    elif milestone_months is not None and milestone_months < 1:
        errors.setdefault("milestone", []).append(_("Antal måneder i træk skal være mindst 1."))
    return errors

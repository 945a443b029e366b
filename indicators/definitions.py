"""Indicator definitions: one validation for the form and the API."""

from django.utils.translation import gettext as _


def indicator_validate(
    *, numerator, denominator, scale, framework, milestone_threshold, milestone_months
):
    """Danish errors {field: [message]} of an indicator definition; {} when valid.

    numerator/denominator: Measure or None; framework: iterable of Measure.
    """
    errors = {}
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

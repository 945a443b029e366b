"""Template helpers for the DKFDS-styled shell: form widgets, Danish numbers, breadcrumbs."""

from decimal import ROUND_HALF_UP, Decimal

from django import forms, template
from django.utils.formats import number_format

register = template.Library()

_WIDGET_CLASSES = {
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.CheckboxInput: "form-checkbox",
    forms.RadioSelect: "",
    forms.CheckboxSelectMultiple: "",
    forms.Textarea: "form-input",
}


@register.filter
def dkfds_widget(bound_field):
    """Render a bound field's widget with the design system's class and aria attributes."""
    widget = bound_field.field.widget
    css = next((c for t, c in _WIDGET_CLASSES.items() if isinstance(widget, t)), "form-input")
    attrs = {"class": f"{css} {widget.attrs.get('class', '')}".strip()}
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{bound_field.auto_id}-error"
    elif bound_field.help_text:
        attrs["aria-describedby"] = f"{bound_field.auto_id}-hint"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(bound_field):
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter
def da_number(value, decimals=1):
    """A number in Danish format (decimal comma, dot for thousands); '–' for missing."""
    if value is None or value == "":
        return "–"
    # number_format truncates; round half up first (12.96 -> "13,0", not "12,9").
    quantum = Decimal(1).scaleb(-int(decimals))
    value = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return number_format(value, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)

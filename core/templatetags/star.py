"""Template helpers for the DKFDS-styled shell: form widgets, Danish numbers, breadcrumbs."""

from django import forms, template

from core.formatting import da_number as format_da_number

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
def choice_group(bound_field):
    """'radio' or 'checkbox' for a field rendered as a group of DKFDS controls, else ''."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkbox"
    return ""


@register.filter
def is_checkbox(bound_field):
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter
def da_number(value, decimals=1):
    """A number in Danish format (see core.formatting.da_number)."""
    return format_da_number(value, decimals)

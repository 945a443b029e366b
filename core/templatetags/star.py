"""Template helpers for the DKFDS-styled shell: form widgets, Danish numbers, breadcrumbs."""

import datetime
from decimal import Decimal

from django import forms, template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.formatting import da_number as format_da_number
from core.notifications import failures_for

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
    _danish_choices_and_numbers(bound_field)
    return bound_field.as_widget(attrs=attrs)


BLANK = "---------"


def _danish_choices_and_numbers(bound_field):
    """No raw leftovers in a form: a select's empty choice reads "Vælg" instead of Django's
    "---------", and a whole float is shown without ".0" (100, not 100.0)."""
    field = bound_field.field
    if isinstance(field.widget, forms.Select) and not isinstance(field.widget, forms.RadioSelect):
        if getattr(field, "empty_label", None) == BLANK:
            field.empty_label = _("Vælg")
        elif isinstance(field, forms.ChoiceField) and not hasattr(field, "queryset"):
            choices = list(field.choices)
            if choices and choices[0] == ("", BLANK):
                field.choices = [("", _("Vælg"))] + choices[1:]
    if isinstance(field.widget, forms.NumberInput) and not bound_field.form.is_bound:
        value = bound_field.value()
        if isinstance(value, float) and value.is_integer():
            bound_field.initial = int(value)


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


@register.filter
def display_value(value):
    """A field value on a generic detail page, in the Danish formats: '–' for nothing, Ja/Nej,
    lists joined, numbers with thousand separators from 10 000 (no '.0'), dates in the date
    style."""
    if value is None or value == "" or value == [] or value == ():
        return "–"
    if value is True:
        return _("Ja")
    if value is False:
        return _("Nej")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, int | float | Decimal):
        # Danish writes four digits without a point (a year, 2026); from 10 000 with points.
        if float(value).is_integer() and abs(value) < 10000:
            return str(int(value))
        return format_da_number(value, 0 if float(value).is_integer() else 1)
    if isinstance(value, datetime.datetime):
        return date_format(
            timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT"
        )
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    return value


@register.inclusion_tag("core/_notification_failures.html")
def notification_failures(obj):
    """A warning on an object's page for each notification about it that could not be sent."""
    return {"failures": failures_for(obj) if obj is not None and obj.pk else []}

"""Model fields of the project."""

from django.db import models

from .validators import validate_single_line


class SingleLineCharField(models.CharField):
    """A CharField for subjects, names and titles: one line, no control characters (model,
    ModelForm and ModelSerializer all refuse them with a Danish field error)."""

    default_validators = [validate_single_line]

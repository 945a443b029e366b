"""Filter widgets shared by every list page."""

import django_filters
from django.utils.translation import gettext_lazy as _


class YesNoAllWidget(django_filters.widgets.BooleanWidget):
    """A yes/no filter whose empty choice reads "Alle" rather than "Ukendt"."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Alle")), ("true", _("Ja")), ("false", _("Nej"))]

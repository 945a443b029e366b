"""Filters of the import batch list (page and API)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import ImportBatch


class ImportBatchFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="file_name", lookup_expr="icontains", label=_("Søg"))
    status = django_filters.ChoiceFilter(choices=ImportBatch.Status.choices, label=_("Status"))
    format = django_filters.ChoiceFilter(choices=ImportBatch.Format.choices, label=_("Format"))

    class Meta:
        model = ImportBatch
        fields = ["q", "status", "format"]

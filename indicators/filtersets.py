"""Filters for the indicators app's lists (pages and API share them)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Municipality, Region


class MunicipalityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), label=_("Region"))

    class Meta:
        model = Municipality
        fields = ["q", "region"]

    def search(self, queryset, name, value):
        query = Q(name__icontains=value)
        if value.strip().isdigit():
            query |= Q(code=int(value))
        return queryset.filter(query)

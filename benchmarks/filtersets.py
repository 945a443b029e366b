"""Filters for the benchmarks app's lists."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator

from .models import MunicipalTarget


class MunicipalTargetFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg (kommune)"))
    indicator = django_filters.ModelChoiceFilter(
        queryset=Indicator.objects.order_by("name"), label=_("Indikator")
    )

    class Meta:
        model = MunicipalTarget
        fields = ["q", "indicator"]

    def search(self, queryset, name, value):
        query = Q(municipality__name__icontains=value)
        if value.strip().isdigit():
            query |= Q(municipality__code=int(value))
        return queryset.filter(query)

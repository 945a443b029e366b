"""Filters of the report archive and dispatch lists (pages and API share them)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import YesNoAllWidget
from core.periods import PeriodFilter
from indicators.models import Municipality

from .models import Dispatch, Recipient, Report


class ReportFilterSet(django_filters.FilterSet):
    period = PeriodFilter(field_name="period", label=_("Måned (ÅÅÅÅ-MM)"))
    municipality = django_filters.NumberFilter(field_name="municipality", label=_("Kommunekode"))
    national = django_filters.BooleanFilter(
        field_name="municipality",
        lookup_expr="isnull",
        label=_("Landsrapport"),
        widget=YesNoAllWidget(),
    )

    class Meta:
        model = Report
        fields = ["period", "municipality", "national"]


class DispatchFilterSet(django_filters.FilterSet):
    quarter = django_filters.CharFilter(label=_("Kvartal (ÅÅÅÅ-Qn)"))
    municipality = django_filters.NumberFilter(field_name="municipality", label=_("Kommunekode"))
    status = django_filters.ChoiceFilter(choices=Dispatch.Status.choices, label=_("Status"))

    class Meta:
        model = Dispatch
        fields = ["quarter", "municipality", "status"]


class RecipientFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.all(), label=_("Kommune")
    )

    class Meta:
        model = Recipient
        fields = ["q", "municipality", "role"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(email__icontains=value)
            | Q(municipality__name__icontains=value)
        )

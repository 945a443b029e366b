"""Filters of the follow-up list (page and API share them)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indicators.models import Municipality

from ..models import FollowUp, Office, Person, Reform
from .selectors import overdue_q


class FollowUpFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    reform = django_filters.ModelChoiceFilter(
        queryset=Reform.objects.all(), label=_("Reform"), to_field_name="slug"
    )
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.all(), label=_("Kommune")
    )
    kind = django_filters.ChoiceFilter(choices=FollowUp.Kind.choices, label=_("Type"))
    status = django_filters.ChoiceFilter(choices=FollowUp.Status.choices, label=_("Status"))
    owner_person = django_filters.ModelChoiceFilter(
        queryset=Person.objects.all(), label=_("Ansvarlig person")
    )
    owner_office = django_filters.ModelChoiceFilter(
        queryset=Office.objects.all(), label=_("Ansvarligt kontor")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overskredet frist"))

    class Meta:
        model = FollowUp
        fields = ["q", "reform", "municipality", "kind", "status", "owner_person", "owner_office"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(next_step__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())

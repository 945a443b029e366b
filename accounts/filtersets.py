"""Filters for the user list."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import YesNoAllWidget

from .models import Role, User


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Rolle"))
    is_active = django_filters.BooleanFilter(
        label=_("Aktiv"),
        widget=YesNoAllWidget(),
    )

    class Meta:
        model = User
        fields = ["q", "role", "municipality", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value)
            | Q(email__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
        )

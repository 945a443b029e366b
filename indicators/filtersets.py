"""Filters for the indicators app's lists (pages and API share them)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import YesNoAllWidget
from core.periods import PeriodFilter

from .groups import BENEFIT_GROUP_CHOICES
from .models import (
    ComputationRun,
    Indicator,
    IndicatorValue,
    Measure,
    Municipality,
    MunicipalityCluster,
    Region,
    TargetGroup,
)
from .target_groups import target_group_error


class TargetGroupFilter(django_filters.ChoiceFilter):
    """?target_group=CODE: rows of that target group's indicators; an unknown code is a Danish
    400 naming the codes (CONTRACT §7, second round)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", TargetGroup.choices)
        kwargs.setdefault("label", _("Målgruppe"))
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        field.error_messages["invalid_choice"] = target_group_error("%(value)s")
        return field


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


class IndicatorValueFilterSet(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code", label=_("Indikator"))
    municipality = django_filters.NumberFilter(field_name="municipality_id", label=_("Kommune"))
    period = PeriodFilter(field_name="period", label=_("Måned (ÅÅÅÅ-MM)"))
    period_from = PeriodFilter(field_name="period", lookup_expr="gte", label=_("Fra måned"))
    period_to = PeriodFilter(field_name="period", lookup_expr="lte", label=_("Til måned"))
    target_group = TargetGroupFilter(field_name="indicator__target_group")

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "municipality", "period", "period_from", "period_to", "target_group"]


class MeasureFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    framework = django_filters.BooleanFilter(label=_("Rammevilkår"), widget=YesNoAllWidget())

    class Meta:
        model = Measure
        fields = ["q", "framework"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class IndicatorFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    kind = django_filters.ChoiceFilter(choices=Indicator.Kind.choices, label=_("Type"))
    reform = django_filters.CharFilter(field_name="reform__slug", label=_("Reform"))
    target_group = TargetGroupFilter()

    class Meta:
        model = Indicator
        fields = ["q", "kind", "reform", "target_group"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class ComputationRunFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ComputationRun.Status.choices, label=_("Status"))
    trigger = django_filters.ChoiceFilter(
        choices=ComputationRun.Trigger.choices, label=_("Udløst af")
    )

    class Meta:
        model = ComputationRun
        fields = ["status", "trigger"]


class MunicipalityClusterFilterSet(django_filters.FilterSet):
    group = django_filters.ChoiceFilter(choices=BENEFIT_GROUP_CHOICES, label=_("Ydelsesgruppe"))
    municipality = django_filters.NumberFilter(field_name="municipality_id", label=_("Kommune"))
    cluster = django_filters.CharFilter(label=_("Klynge"))

    class Meta:
        model = MunicipalityCluster
        fields = ["group", "municipality", "cluster"]

"""Filters of the plan and the risk log (pages and API share them)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import YesNoAllWidget
from indicators.models import Indicator
from reforms.models import Office, Person

from .models import Initiative, MatrixCell, MitigationAction, RagStatus, Risk, RiskLevel


class InitiativeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    responsible_office = django_filters.ModelChoiceFilter(
        queryset=Office.objects.all(), label=_("Kontor"), empty_label=_("Alle")
    )
    responsible_person = django_filters.ModelChoiceFilter(
        queryset=Person.objects.all(), label=_("Ansvarlig"), empty_label=_("Alle")
    )
    progress_status = django_filters.ChoiceFilter(
        choices=RagStatus.choices, label=_("Fremdrift"), empty_label=_("Alle")
    )
    content_status = django_filters.ChoiceFilter(
        choices=RagStatus.choices, label=_("Indhold"), empty_label=_("Alle")
    )
    indicator = django_filters.ModelChoiceFilter(
        field_name="indicators",
        queryset=Indicator.objects.all(),
        label=_("Indikator"),
        empty_label=_("Alle"),
    )
    reform = django_filters.CharFilter(field_name="reform__slug", label=_("Reform"))

    class Meta:
        model = Initiative
        fields = [
            "q",
            "responsible_office",
            "responsible_person",
            "progress_status",
            "content_status",
            "indicator",
        ]

    def __init__(self, *args, reform=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reform is not None:
            self.filters["indicator"].queryset = Indicator.objects.filter(reform=reform)
            self.filters.pop("reform")

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(intention__icontains=value)
        )


class RiskFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    status = django_filters.ChoiceFilter(
        choices=Risk.Status.choices, label=_("Status"), empty_label=_("Alle")
    )
    category = django_filters.ChoiceFilter(
        choices=Risk.Category.choices, label=_("Kategori"), empty_label=_("Alle")
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=Person.objects.all(), label=_("Risikoejer"), empty_label=_("Alle")
    )
    level = django_filters.ModelChoiceFilter(
        queryset=RiskLevel.objects.all(),
        method="filter_level",
        label=_("Niveau efter tiltag"),
        empty_label=_("Alle"),
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("Kun forfaldne"),
        widget=YesNoAllWidget(),
    )
    inherent_cell = django_filters.CharFilter(
        method="filter_cell", label=_("Felt før tiltag"), widget=forms.HiddenInput
    )
    residual_cell = django_filters.CharFilter(
        method="filter_cell", label=_("Felt efter tiltag"), widget=forms.HiddenInput
    )
    reform = django_filters.CharFilter(field_name="reform__slug", label=_("Reform"))

    class Meta:
        model = Risk
        fields = ["q", "status", "category", "owner", "level", "overdue"]

    def __init__(self, *args, reform=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reform is not None:
            self.filters.pop("reform")

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(cause__icontains=value)
            | Q(consequence__icontains=value)
        )

    def filter_level(self, queryset, name, value: str):
        cells = MatrixCell.objects.filter(level=value)
        query = Q(pk__in=[])
        for cell in cells:
            query |= Q(
                latest_assessment__residual_likelihood=cell.likelihood,
                latest_assessment__residual_impact=cell.impact,
            )
        return queryset.filter(query)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        overdue_actions = MitigationAction.objects.overdue(today).values("risk_id")
        return queryset.exclude(status=Risk.Status.CLOSED).filter(
            Q(next_review_date__lt=today) | Q(pk__in=overdue_actions)
        )

    def filter_cell(self, queryset, name, value):
        kind = name.split("_")[0]
        try:
            likelihood, impact = (int(part) for part in value.split("-"))
        except ValueError:
            return queryset.none()
        return queryset.exclude(status=Risk.Status.CLOSED).filter(
            **{
                f"latest_assessment__{kind}_likelihood": likelihood,
                f"latest_assessment__{kind}_impact": impact,
            }
        )

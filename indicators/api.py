"""API viewsets of the indicators app."""

from django.db import transaction

from core.api import StarModelViewSet, StarReadOnlyViewSet

from . import selectors, services
from .filtersets import (
    ComputationRunFilterSet,
    IndicatorFilterSet,
    IndicatorValueFilterSet,
    MeasureFilterSet,
    MunicipalityClusterFilterSet,
    MunicipalityFilterSet,
)
from .models import ComputationRun, Indicator, Measure, Municipality, MunicipalityCluster
from .serializers import (
    ComputationRunSerializer,
    IndicatorSerializer,
    IndicatorValueSerializer,
    MeasureSerializer,
    MunicipalityClusterSerializer,
    MunicipalitySerializer,
)


class MunicipalityViewSet(StarReadOnlyViewSet):
    """The 98 municipalities: public reference data for every logged-in user."""

    queryset = (
        Municipality.objects.select_related("region").prefetch_related("clusters").order_by("code")
    )
    serializer_class = MunicipalitySerializer
    filterset_class = MunicipalityFilterSet
    ordering_fields = ["code", "name", "population"]
    search_fields = ["name"]


class MunicipalityClusterViewSet(StarReadOnlyViewSet):
    """jobindsats cluster classifications, one per benefit group (``group``): published
    reference data for every logged-in user (CONTRACT §4); STAR staff load them on
    /indicators/clusters/."""

    queryset = MunicipalityCluster.objects.order_by("group", "cluster", "municipality_id")
    serializer_class = MunicipalityClusterSerializer
    filterset_class = MunicipalityClusterFilterSet
    ordering_fields = ["group", "cluster", "municipality"]


class MeasureViewSet(StarModelViewSet):
    """Measures (statistical series); every logged-in user reads, STAR staff create and edit."""

    queryset = Measure.objects.order_by("code")
    serializer_class = MeasureSerializer
    filterset_class = MeasureFilterSet
    lookup_field = "code"
    ordering_fields = ["code", "name"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class IndicatorViewSet(StarModelViewSet):
    """Indicator definitions; every logged-in user reads, STAR staff create and edit."""

    queryset = (
        Indicator.objects.select_related("reform", "numerator", "denominator")
        .prefetch_related("framework")
        .order_by("code")
    )
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    lookup_field = "code"
    ordering_fields = ["code", "name"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_create(self, serializer):
        with transaction.atomic():
            super().perform_create(serializer)
            services.indicator_saved(indicator=serializer.instance, by=self.request.user)

    def perform_update(self, serializer):
        with transaction.atomic():
            super().perform_update(serializer)
            services.indicator_saved(indicator=serializer.instance, by=self.request.user)


class IndicatorValueViewSet(StarReadOnlyViewSet):
    """Computed figures per indicator, municipality and month (CONTRACT.md §6/§7), with their
    explanation. A job-centre manager sees his own municipality's rows only."""

    queryset = selectors.indicator_values()
    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilterSet
    ordering_fields = ["period", "municipality", "value", "rank"]


class ComputationRunViewSet(StarReadOnlyViewSet):
    """Computation runs with status and progress (STAR readers)."""

    queryset = ComputationRun.objects.select_related("requested_by").order_by("-created_at")
    serializer_class = ComputationRunSerializer
    filterset_class = ComputationRunFilterSet

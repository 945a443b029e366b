"""API viewsets of the indicators app."""

from core.api import StarReadOnlyViewSet

from .filtersets import MunicipalityFilterSet
from .models import Municipality
from .serializers import MunicipalitySerializer


class MunicipalityViewSet(StarReadOnlyViewSet):
    """The 98 municipalities: public reference data for every logged-in user."""

    queryset = Municipality.objects.select_related("region").order_by("code")
    serializer_class = MunicipalitySerializer
    filterset_class = MunicipalityFilterSet
    ordering_fields = ["code", "name", "population"]
    search_fields = ["name"]

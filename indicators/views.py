"""Pages of the indicators app."""

from core.views import ObjectDetailView, ObjectListView

from .filtersets import MunicipalityFilterSet
from .models import Municipality
from .tables import MunicipalityTable


class MunicipalityListView(ObjectListView):
    model = Municipality
    queryset = Municipality.objects.select_related("region")
    table_class = MunicipalityTable
    filterset_class = MunicipalityFilterSet
    paginate_by = 100


class MunicipalityDetailView(ObjectDetailView):
    model = Municipality
    queryset = Municipality.objects.select_related("region")
    detail_fields = ["name", "region", "rar", "population", "population_year", "cluster"]

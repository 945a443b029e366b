"""API routes of the indicators app."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter(trailing_slash=True)
router.register("municipalities", api.MunicipalityViewSet, basename="municipality")
router.register("measures", api.MeasureViewSet, basename="measure")
router.register("indicators", api.IndicatorViewSet, basename="indicator")
router.register("values", api.IndicatorValueViewSet, basename="indicatorvalue")
router.register("computation-runs", api.ComputationRunViewSet, basename="computationrun")

urlpatterns = router.urls

# Observation imports (indicators/api_import.py)
from . import api_import  # noqa: E402

router.register("imports", api_import.ImportBatchViewSet, basename="importbatch")
router.register("clusters", api.MunicipalityClusterViewSet, basename="municipalitycluster")
urlpatterns = router.urls

"""API routes of the indicators app."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter(trailing_slash=True)
router.register("municipalities", api.MunicipalityViewSet, basename="municipality")

urlpatterns = router.urls

# Observation imports (indicators/api_import.py)
from . import api_import  # noqa: E402

router.register("imports", api_import.ImportBatchViewSet, basename="importbatch")
urlpatterns = router.urls

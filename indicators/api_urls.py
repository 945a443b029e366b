"""API routes of the indicators app."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter(trailing_slash=True)
router.register("municipalities", api.MunicipalityViewSet, basename="municipality")

urlpatterns = router.urls

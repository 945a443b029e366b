"""API routes of grant tranches."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter(trailing_slash=True)
router.register("grant-tranches", api.GrantTrancheViewSet, basename="granttranche")

urlpatterns = router.urls

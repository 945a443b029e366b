"""API routes of the plan and the risk log."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter(trailing_slash=True)
router.register("initiatives", api.InitiativeViewSet, basename="initiative")
router.register("risks", api.RiskViewSet, basename="risk")

urlpatterns = router.urls

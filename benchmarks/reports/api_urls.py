"""API routes of reports and dispatches (included in star_impl/urls.py under /api/v1/)."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter(trailing_slash=True)
router.register("reports", api.ReportViewSet, basename="report")
router.register("dispatches", api.DispatchViewSet, basename="dispatch")

urlpatterns = router.urls

"""API routes of reports and dispatches (included in star_impl/urls.py under /api/v1/)."""

from rest_framework.routers import SimpleRouter

from . import api_reports

router = SimpleRouter(trailing_slash=True)
router.register("reports", api_reports.ReportViewSet, basename="report")
router.register("dispatches", api_reports.DispatchViewSet, basename="dispatch")

urlpatterns = router.urls

"""API viewsets of reports (archive + PDF) and dispatches (read-only)."""

from rest_framework.decorators import action

from core.api import StarReadOnlyViewSet

from .filtersets import DispatchFilterSet, ReportFilterSet
from .models import Dispatch, Report
from .serializers import DispatchSerializer, ReportSerializer
from .views import report_file_response


class ReportViewSet(StarReadOnlyViewSet):
    """Monthly benchmark reports; a job-centre manager sees only his municipality's."""

    queryset = Report.objects.select_related("municipality").order_by("-period", "municipality_id")
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    ordering_fields = ["period", "municipality"]
    permission_type_map = {**StarReadOnlyViewSet.permission_type_map, "pdf": "view"}

    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The report's PDF (tagged PDF/UA-1)."""
        return report_file_response(self.get_object())


class DispatchViewSet(StarReadOnlyViewSet):
    """Quarterly dispatch rows (STAR readers)."""

    queryset = Dispatch.objects.select_related("municipality").order_by(
        "-quarter", "municipality_id"
    )
    serializer_class = DispatchSerializer
    filterset_class = DispatchFilterSet
    ordering_fields = ["quarter", "municipality", "status"]

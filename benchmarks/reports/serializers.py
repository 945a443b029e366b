"""API serializers of reports and dispatches."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.periods import PeriodSerializerField

from .models import Dispatch, Report


class ReportSerializer(serializers.ModelSerializer):
    municipality = serializers.IntegerField(source="municipality_id", allow_null=True)
    period = PeriodSerializerField()
    title = serializers.CharField(read_only=True)
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "municipality",
            "period",
            "title",
            "state",
            "checksum",
            "size",
            "data_as_of",
            "run",
            "rendered_at",
            "error",
            "pdf",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_pdf(self, obj) -> str | None:
        if obj.state != Report.State.DONE:
            return None
        url = reverse("report-pdf", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class DispatchSerializer(serializers.ModelSerializer):
    municipality = serializers.IntegerField(source="municipality_id")

    class Meta:
        model = Dispatch
        fields = [
            "id",
            "municipality",
            "quarter",
            "report",
            "status",
            "recipients",
            "attempts",
            "next_attempt_at",
            "sent_at",
            "message_id",
            "last_error",
        ]

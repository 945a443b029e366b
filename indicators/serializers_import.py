"""API serializers of observation imports."""

from rest_framework import serializers

from .imports.validate import FORMATS
from .models import ImportBatch


class ImportBatchSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)
    computation_run = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "created_at",
            "finished_at",
            "created_by",
            "file_name",
            "format",
            "checksum",
            "status",
            "rows_total",
            "created",
            "updated",
            "unchanged",
            "skipped",
            "ignored",
            "ignored_detail",
            "periods",
            "errors",
            "error_count",
            "progress",
            "step",
            "dry_run",
            "computation_run",
        ]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    """Multipart input of POST /api/v1/imports/."""

    file = serializers.FileField()
    format = serializers.ChoiceField(choices=FORMATS, required=False, allow_blank=True)
    dry_run = serializers.BooleanField(required=False, default=False)

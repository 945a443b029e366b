"""POST /api/v1/imports/ (validate and load synchronously, or hand a large file to the worker:
202) and the batch history."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import ScopedViewSetMixin

from .filtersets_import import ImportBatchFilterSet
from .forms_import import validate_upload
from .imports import observations_import
from .imports.queued import import_enqueue, import_goes_to_worker
from .models import ImportBatch
from .serializers_import import ImportBatchSerializer, ImportUploadSerializer


class ImportBatchViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Observation imports: STAR readers list them, STAR staff upload files (all-or-nothing)."""

    queryset = ImportBatch.objects.select_related("created_by", "computation_run").order_by(
        "-created_at", "-pk"
    )
    serializer_class = ImportBatchSerializer
    filterset_class = ImportBatchFilterSet
    ordering_fields = ["created_at", "file_name", "status"]
    search_fields = ["file_name"]
    parser_classes = [MultiPartParser, FormParser]

    def get_serializer_class(self):
        return ImportUploadSerializer if self.action == "create" else ImportBatchSerializer

    @extend_schema(
        request=ImportUploadSerializer,
        responses={201: ImportBatchSerializer, 202: ImportBatchSerializer, 400: None},
        description=(
            "Validerer og indlæser filen synkront (alt eller intet): 201. En fil over "
            "IMPORT_ASYNC_ABOVE_BYTES overlades til baggrundsjobbet: 202 med importens id; "
            "imports/{id}/ viser status (queued, running, succeeded, failed), fremdrift og "
            "resultatet."
        ),
    )
    def create(self, request, *args, **kwargs):
        upload = request.FILES.get("file")
        requested = request.data.get("format") or None
        message = validate_upload(upload, requested)
        if message:
            return Response(
                {"errors": [{"row": None, "column": "file", "message": str(message)}]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        serializer = ImportUploadSerializer(data=request.data)
        if not serializer.is_valid():
            return Response(
                {
                    "errors": [
                        {"row": None, "column": field, "message": " ".join(map(str, msgs))}
                        for field, msgs in serializer.errors.items()
                    ]
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        options = {
            "file_name": upload.name,
            "format": serializer.validated_data.get("format") or None,
            "dry_run": serializer.validated_data.get("dry_run", False),
            "by": request.user,
        }
        queued = import_goes_to_worker(upload.size, upload)
        if queued:
            batch = import_enqueue(upload=upload, **options)
        else:
            batch = observations_import(file=upload, **options)
        body = ImportBatchSerializer(batch, context={"request": request}).data
        if batch.status == ImportBatch.Status.FAILED:
            return Response(
                {"errors": body["errors"], "import": body["id"]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if queued:
            return Response(
                body,
                status=status.HTTP_202_ACCEPTED,
                headers={"Location": request.build_absolute_uri(f"{batch.pk}/")},
            )
        return Response(body, status=status.HTTP_201_CREATED)

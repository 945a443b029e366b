"""Pages of observation imports: the upload page (STAR staff), batch list and detail."""

from django.views import generic

from core.views import ObjectDetailView, ObjectListView, StarPermissionMixin

from .filtersets_import import ImportBatchFilterSet
from .forms_import import ImportUploadForm
from .imports import batch_errors, observations_import
from .models import ImportBatch
from .tables_import import ImportBatchTable

HISTORY_ROWS = 10


def _history(request):
    queryset = ImportBatch.objects.select_related("created_by", "computation_run")
    table = ImportBatchTable(queryset[:HISTORY_ROWS], request=request, orderable=False)
    return table


class ImportUploadView(StarPermissionMixin, generic.FormView):
    """Upload a file; the result (counts, per-row errors, computation) shows on the same page."""

    model = ImportBatch
    permission_type = "add"
    form_class = ImportUploadForm
    template_name = "indicators/import_upload.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = _history(self.request)
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        batch = observations_import(
            file=upload,
            file_name=upload.name,
            format=form.cleaned_data.get("format") or None,
            dry_run=form.cleaned_data.get("dry_run", False),
            by=self.request.user,
        )
        status = 400 if batch.status == ImportBatch.Status.FAILED else 200
        context = self.get_context_data(
            form=ImportUploadForm(), batch=batch, errors=batch_errors(batch)
        )
        return self.render_to_response(context, status=status)


class ImportBatchListView(ObjectListView):
    model = ImportBatch
    queryset = ImportBatch.objects.select_related("created_by", "computation_run")
    table_class = ImportBatchTable
    filterset_class = ImportBatchFilterSet
    add_url_name = "indicators:import_upload"
    template_name = "indicators/importbatch_list.html"


class ImportBatchDetailView(ObjectDetailView):
    model = ImportBatch
    queryset = ImportBatch.objects.select_related("created_by", "computation_run")
    template_name = "indicators/importbatch_detail.html"
    detail_fields = [
        "created_at",
        "created_by",
        "file_name",
        "format",
        "status",
        "checksum",
        "rows_total",
        "created",
        "updated",
        "unchanged",
        "skipped",
        "periods",
        "computation_run",
        "finished_at",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["errors"] = batch_errors(self.object)
        return context

"""Pages of observation imports: the upload page (STAR staff), batch list and detail."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import generic

from core.formatting import da_number
from core.views import ObjectDetailView, ObjectListView, StarPermissionMixin

from .filtersets_import import ImportBatchFilterSet
from .forms_import import ImportUploadForm
from .imports import batch_errors, observations_import
from .imports.fetch_runs import fetch_request
from .imports.queued import import_enqueue, import_goes_to_worker
from .models import ImportBatch, JobindsatsFetch
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
        context["can_fetch"] = self.request.user.has_perm(JobindsatsFetch.get_perm("add"))
        context["fetches"] = JobindsatsFetch.objects.all()[:3]
        context["async_above_mb"] = da_number(settings.IMPORT_ASYNC_ABOVE_BYTES / 1024 / 1024, 0)
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        options = {
            "file_name": upload.name,
            "format": form.cleaned_data.get("format") or None,
            "dry_run": form.cleaned_data.get("dry_run", False),
            "by": self.request.user,
        }
        if import_goes_to_worker(upload.size, upload):
            batch = import_enqueue(upload=upload, **options)
            if batch.status == ImportBatch.Status.QUEUED:
                messages.success(
                    self.request,
                    _(
                        "Filen er modtaget. Den er stor, så den valideres og indlæses i "
                        "baggrunden; siden her viser fremdriften og resultatet."
                    ),
                )
                return redirect(batch.get_absolute_url())
        else:
            batch = observations_import(file=upload, **options)
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
        "ignored",
        "error_count",
        "periods",
        "computation_run",
        "finished_at",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["errors"] = batch_errors(self.object)
        return context


class JobindsatsFetchStartView(StarPermissionMixin, generic.View):
    """POST: fetch from jobindsats in the worker (STAR staff); the fetch's page shows progress."""

    model = JobindsatsFetch
    permission_type = "add"
    http_method_names = ["post"]

    def get_permission_object(self):
        return None

    def post(self, request, *args, **kwargs):
        fetch = fetch_request(by=request.user)
        if fetch.enqueue_failed:
            messages.warning(
                request,
                _(
                    "Jobkøen kunne ikke nås; hentningen venter. Prøv igen om lidt, hvis den "
                    "ikke går i gang."
                ),
            )
        else:
            messages.success(request, _("Hentningen fra jobindsats er sat i gang."))
        return redirect(fetch.get_absolute_url())


class JobindsatsFetchDetailView(ObjectDetailView):
    model = JobindsatsFetch
    queryset = JobindsatsFetch.objects.select_related("requested_by")
    template_name = "indicators/jobindsats_fetch_detail.html"
    detail_fields = ["status", "requested_by", "created_at", "finished_at", "progress"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["import_batches"] = ImportBatch.objects.filter(pk__in=self.object.batches)
        return context

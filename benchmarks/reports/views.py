"""Pages of the reports part: archive with batch progress, PDF download, recipients, dispatch."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, TemplateView

from core.periods import parse_period
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectListView,
    ObjectUpdateView,
    ScopedQuerysetMixin,
    StarPermissionMixin,
)
from indicators.models import Municipality

from . import mail, selectors, services
from .filtersets import RecipientFilterSet, ReportFilterSet
from .forms import RecipientForm
from .models import Dispatch, Recipient, Report, ReportBatch
from .tables import RecipientTable, ReportTable


class ReportListView(ObjectListView):
    """Rapporter: the archive (scoped) and, for STAR, the monthly batches with progress."""

    model = Report
    queryset = Report.objects.select_related("municipality")
    table_class = ReportTable
    filterset_class = ReportFilterSet
    template_name = "benchmarks/report_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_add"] = False
        if user.is_star_reader:
            context["batches"] = selectors.report_batches()[:12]
            context["can_manage"] = user.has_perm(ReportBatch.get_perm("change"))
            context["can_see_dispatch"] = True
        return context


class ReportPdfView(StarPermissionMixin, ScopedQuerysetMixin, DetailView):
    """The PDF of a finished report (404 for another municipality's or unfinished reports)."""

    model = Report
    permission_type = "view"

    def get(self, request, *args, **kwargs):
        report = self.get_object()
        return report_file_response(report)


def report_file_response(report):
    if report.state != Report.State.DONE or not report.file:
        raise Http404(_("Rapporten er ikke dannet endnu."))
    path = Path(settings.MEDIA_ROOT) / report.file
    if not path.exists():
        raise Http404(_("Rapportens fil findes ikke."))
    response = FileResponse(
        path.open("rb"), content_type="application/pdf", filename=report.filename
    )
    response["Content-Disposition"] = f'inline; filename="{report.filename}"'
    response["X-Checksum-SHA256"] = report.checksum
    return response


class PostOnlyStaffView(LoginRequiredMixin, View):
    """A POST action for STAR staff (GET answers 405, other roles 403)."""

    http_method_names = ["post"]
    permission = None

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return self.act(request, *args, **kwargs)


class ReportBatchRetryView(PostOnlyStaffView):
    permission = ReportBatch.get_perm("change")

    def act(self, request, pk):
        batch = get_object_or_404(ReportBatch, pk=pk)
        count = services.reports_retry_failed(batch=batch)
        messages.success(request, _("%(n)s fejlede rapporter er sat i kø igen.") % {"n": count})
        return redirect("benchmarks:report_list")


class ReportRequestView(PostOnlyStaffView):
    """Render (or re-render) every report of a month."""

    permission = ReportBatch.get_perm("add")

    def act(self, request):
        try:
            period = parse_period(request.POST.get("period", ""))
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect("benchmarks:report_list")
        services.reports_request(period=period, requested_by=request.user)
        messages.success(
            request,
            _("Rapporterne for %(p)s dannes nu i baggrunden.") % {"p": period.strftime("%Y-%m")},
        )
        return redirect("benchmarks:report_list")


# ---- recipients -----------------------------------------------------------------------------


class RecipientListView(ObjectListView):
    model = Recipient
    queryset = Recipient.objects.select_related("municipality")
    table_class = RecipientTable
    filterset_class = RecipientFilterSet
    add_url_name = "benchmarks:recipient_create"
    template_name = "benchmarks/recipient_list.html"
    paginate_by = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["without_recipients"] = Municipality.objects.exclude(
            report_recipients__active=True
        ).order_by("name")
        return context


class RecipientCreateView(ObjectCreateView):
    model = Recipient
    form_class = RecipientForm
    cancel_url = reverse_lazy("benchmarks:recipient_list")

    success_url = reverse_lazy("benchmarks:recipient_list")


class RecipientUpdateView(ObjectUpdateView):
    model = Recipient
    form_class = RecipientForm
    cancel_url = reverse_lazy("benchmarks:recipient_list")

    success_url = reverse_lazy("benchmarks:recipient_list")


class RecipientDeleteView(ObjectDeleteView):
    model = Recipient
    success_url_name = "benchmarks:recipient_list"


# ---- dispatch -------------------------------------------------------------------------------


class DispatchReaderMixin(LoginRequiredMixin):
    """STAR readers only (403 for job-centre managers)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(Dispatch.get_perm("view")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DispatchQuarterListView(DispatchReaderMixin, TemplateView):
    template_name = "benchmarks/dispatch_quarters.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quarters"] = selectors.dispatch_quarters()
        context["suggested"] = selectors.previous_quarter(timezone.localdate())
        context["can_manage"] = self.request.user.has_perm(Dispatch.get_perm("change"))
        return context


class DispatchLogView(DispatchReaderMixin, TemplateView):
    """Leveringslog: sent, failed (with the reply), pending, missing recipients or report."""

    template_name = "benchmarks/dispatch_log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quarter = self.kwargs["quarter"]
        context["quarter"] = quarter
        grouped = selectors.dispatch_log(quarter=quarter)
        labels = dict(Dispatch.Status.choices)
        context["groups"] = [(labels[status], rows) for status, rows in grouped.items()]
        context["has_failed"] = bool(grouped[Dispatch.Status.FAILED])
        context["can_manage"] = self.request.user.has_perm(Dispatch.get_perm("change"))
        return context


class DispatchPreviewView(DispatchReaderMixin, TemplateView):
    """Who would get what, without sending (the page version of `--dry-run`)."""

    template_name = "benchmarks/dispatch_preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quarter = self.kwargs["quarter"]
        rows = selectors.dispatch_plan(quarter=quarter)
        context.update(
            quarter=quarter,
            rows=rows,
            missing_recipients=[r for r in rows if r.action == "no_recipients"],
            missing_report=[r for r in rows if r.action == "no_report"],
            to_send=[r for r in rows if r.action == "send"],
            can_manage=self.request.user.has_perm(Dispatch.get_perm("change")),
        )
        return context


class DispatchStartView(PostOnlyStaffView):
    permission = Dispatch.get_perm("change")

    def act(self, request, quarter):
        summary = services.dispatch_request(quarter=quarter)
        messages.success(
            request,
            _("%(n)s e-mails er sat i kø.") % {"n": len(summary[Dispatch.Status.PENDING])},
        )
        return redirect("benchmarks:dispatch_log", quarter=quarter)


class DispatchRetryView(PostOnlyStaffView):
    permission = Dispatch.get_perm("change")

    def act(self, request, quarter):
        count = services.dispatch_retry_failed(quarter=quarter)
        messages.success(request, _("%(n)s fejlede forsendelser prøves igen.") % {"n": count})
        return redirect("benchmarks:dispatch_log", quarter=quarter)


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(TemplateView):
    """/rapporter/afmeld/<token>/: a recipient who is not the municipality's formal addressee
    stops the quarterly e-mail from its link (no log-in). GET asks for confirmation, so a link
    scanner that opens it changes nothing; POST (the button, or a mail client's RFC 8058
    one-click POST without a CSRF token: the signed token is the proof) opts out. A tampered or
    stale token: 404."""

    template_name = "benchmarks/unsubscribe.html"

    def recipient(self):
        recipient = mail.recipient_for_token(self.kwargs["token"])
        if recipient is None:
            raise Http404(_("Linket til afmelding er ugyldigt."))
        return recipient

    def get(self, request, *args, **kwargs):
        recipient = self.recipient()
        return self.render_to_response(
            self.get_context_data(recipient=recipient, done=not recipient.active)
        )

    def post(self, request, *args, **kwargs):
        recipient = services.recipient_unsubscribe(recipient=self.recipient())
        return self.render_to_response(self.get_context_data(recipient=recipient, done=True))

"""Pages of the indicators app."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from core.access import visible_to
from core.views import (
    ObjectContextMixin,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    StarPermissionMixin,
)

from . import selectors, services
from .filtersets import (
    ComputationRunFilterSet,
    IndicatorFilterSet,
    MeasureFilterSet,
    MunicipalityFilterSet,
)
from .forms import ComputationStartForm, IndicatorForm, MeasureForm
from .models import ComputationRun, Indicator, Measure, Municipality
from .tables import ComputationRunTable, IndicatorTable, MeasureTable, MunicipalityTable


class MunicipalityListView(ObjectListView):
    model = Municipality
    queryset = Municipality.objects.select_related("region")
    table_class = MunicipalityTable
    filterset_class = MunicipalityFilterSet
    paginate_by = 100


class MunicipalityDetailView(ObjectDetailView):
    model = Municipality
    queryset = Municipality.objects.select_related("region")
    detail_fields = ["name", "region", "rar", "population", "population_year"]


# Measures ------------------------------------------------------------------------------------
class MeasureListView(ObjectListView):
    model = Measure
    table_class = MeasureTable
    filterset_class = MeasureFilterSet
    add_url_name = "indicators:measure_create"


class MeasureDetailView(ObjectDetailView):
    model = Measure
    template_name = "indicators/measure_detail.html"
    detail_fields = ["code", "name", "unit", "source", "framework", "description"]
    edit_url_name = "indicators:measure_update"


class MeasureCreateView(ObjectCreateView):
    model = Measure
    form_class = MeasureForm
    cancel_url = "/measures/"


class MeasureUpdateView(ObjectUpdateView):
    model = Measure
    form_class = MeasureForm


# Indicators ----------------------------------------------------------------------------------
class IndicatorListView(ObjectListView):
    model = Indicator
    queryset = Indicator.objects.select_related("reform", "numerator", "denominator")
    table_class = IndicatorTable
    filterset_class = IndicatorFilterSet
    add_url_name = "indicators:indicator_create"
    template_name = "indicators/indicator_list.html"


class IndicatorDetailView(ObjectDetailView):
    model = Indicator
    queryset = Indicator.objects.select_related("reform", "numerator", "denominator")
    template_name = "indicators/indicator_detail.html"
    detail_fields = [
        "code",
        "name",
        "kind",
        "reform",
        "numerator",
        "denominator",
        "scale",
        "direction",
        "unit",
        "target_group",
        "parent",
        "milestone_threshold",
        "milestone_months",
        "description",
    ]
    edit_url_name = "indicators:indicator_update"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        values = visible_to(
            selectors.indicator_values().filter(indicator=self.object), self.request.user
        )
        latest = values.aggregate(latest=Max("period"))["latest"]
        context["latest_period"] = latest
        context["latest_values"] = (
            values.filter(period=latest)
            .select_related("municipality")
            .order_by("rank", "municipality__name")
            if latest
            else []
        )
        context["framework_measures"] = self.object.framework.order_by("code")
        return context


class IndicatorSavedMixin:
    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.indicator_saved(indicator=self.object, by=self.request.user)
        return response


class IndicatorCreateView(IndicatorSavedMixin, ObjectCreateView):
    model = Indicator
    form_class = IndicatorForm
    cancel_url = "/indicators/"


class IndicatorUpdateView(IndicatorSavedMixin, ObjectUpdateView):
    model = Indicator
    form_class = IndicatorForm


# Computation runs ----------------------------------------------------------------------------
class ComputationRunListView(ObjectListView):
    model = ComputationRun
    queryset = ComputationRun.objects.select_related("requested_by")
    table_class = ComputationRunTable
    filterset_class = ComputationRunFilterSet
    template_name = "indicators/run_list.html"


class ComputationRunDetailView(ObjectDetailView):
    model = ComputationRun
    queryset = ComputationRun.objects.select_related("requested_by")
    template_name = "indicators/run_detail.html"
    detail_fields = [
        "status",
        "trigger",
        "requested_by",
        "periods",
        "created_at",
        "started_at",
        "finished_at",
        "progress",
        "rows_written",
        "rows_changed",
        "task_id",
    ]


class ComputationStartView(StarPermissionMixin, ObjectContextMixin, FormView):
    """Ask for (GET) and enqueue (POST) a computation; STAR staff."""

    model = ComputationRun
    permission_type = "add"
    form_class = ComputationStartForm
    template_name = "core/object_form.html"
    extra_context = {"form_title": gettext_lazy("Start beregning af indikatorer")}
    cancel_url = "/computations/"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return ComputationRun.objects.all()

    def form_valid(self, form):
        period = form.cleaned_data["period"]
        run = services.computation_request_now(
            periods=[period] if period else None,
            trigger=ComputationRun.Trigger.MANUAL,
            by=self.request.user,
        )
        if getattr(run, "enqueue_failed", False):
            messages.warning(self.request, background_delayed_message(run))
        else:
            messages.success(self.request, _("Beregning nr. %(id)s er sat i kø.") % {"id": run.pk})
        return redirect(reverse("indicators:run_detail", args=[run.pk]))


def background_delayed_message(run):
    """The Danish notice when a computation could not be handed to the job queue."""
    return _(
        "Beregning nr. %(id)s er registreret, men baggrundsjob er forsinket: jobkøen svarer "
        "ikke lige nu. Beregningen starter automatisk, når jobkøen er tilbage."
    ) % {"id": run.pk}

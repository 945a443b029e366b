"""Pages of the implementation plan and the risk log, under /reforms/<slug>/plan/ and /risks/."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import generic

from core.access import visible_to
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    StarPermissionMixin,
)
from reforms.models import Escalation, Reform

from . import exports, selectors, services
from .filtersets import InitiativeFilterSet, RiskFilterSet
from .forms import (
    AssessmentForm,
    EscalationForm,
    InitiativeForm,
    MitigationActionForm,
    RiskForm,
    StatusUpdateForm,
)
from .models import (
    Initiative,
    MeetingPackPdf,
    MitigationAction,
    Risk,
    RiskLevel,
    StatusUpdate,
)
from .tables import InitiativeTable, RiskTable


def apply_errors(form, exc):
    """Put a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ReformMixin:
    """The reform of the URL (slug) and the links every page of the plan and risk log needs."""

    @cached_property
    def reform(self):
        return get_object_or_404(Reform, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reform"] = self.reform
        try:
            context["reform_url"] = reverse("reforms:detail", args=[self.reform.slug])
        except NoReverseMatch:
            context["reform_url"] = None
        context["plan_url"] = reverse("risklog:plan", kwargs={"slug": self.reform.slug})
        context["risks_url"] = reverse("risklog:risk_list", kwargs={"slug": self.reform.slug})
        return context

    def url(self, name, **kwargs):
        return reverse(f"risklog:{name}", kwargs={"slug": self.reform.slug, **kwargs})


class ReformObjectMixin(ReformMixin):
    """Detail, edit and delete views: the object must belong to the URL's reform."""

    reform_lookup = "reform"

    def get_queryset(self):
        return super().get_queryset().filter(**{f"{self.reform_lookup}__slug": self.kwargs["slug"]})


# ============================================================================ the plan


class PlanView(ReformMixin, ObjectListView):
    """The implementation plan as a table, with a summary per status."""

    model = Initiative
    table_class = InitiativeTable
    filterset_class = InitiativeFilterSet
    template_name = "risklog/plan.html"

    def get_queryset(self):
        return selectors.initiatives_of(self.reform)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["reform"] = self.reform
        return kwargs

    def get_add_url_kwargs(self):
        return {"slug": self.reform.slug}

    add_url_name = "risklog:initiative_create"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = selectors.plan_summary(self.object_list)
        context["meetings"] = selectors.meetings_of(self.reform)[:10]
        context["timeline_url"] = self.url("plan_timeline")
        context["overdue"] = selectors.overdue_initiatives(reform=self.reform)
        return context


class TimelineView(ReformMixin, StarPermissionMixin, generic.TemplateView):
    """The plan as a Gantt-like plotly timeline (same filters as the table)."""

    model = Initiative
    permission_type = "view"
    template_name = "risklog/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        qs = visible_to(selectors.initiatives_of(self.reform), self.request.user)
        filterset = InitiativeFilterSet(self.request.GET or None, queryset=qs, reform=self.reform)
        initiatives = filterset.qs.order_by("start_date", "title")
        context["filter"] = filterset
        context["initiatives"] = initiatives
        context["figure"] = selectors.timeline_figure(initiatives)
        context["summary"] = selectors.plan_summary(initiatives)
        return context


class InitiativeDetailView(ReformObjectMixin, ObjectDetailView):
    model = Initiative
    template_name = "risklog/initiative_detail.html"
    detail_fields = [
        "description",
        "responsible_office",
        "responsible_person",
        "lever_type",
        "intention",
        "start_date",
        "end_date",
        "content_status",
        "progress_status",
        "status_reason",
        "percent_complete",
        "status_updated_at",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pk = self.object.pk
        context["edit_url"] = self.url("initiative_update", pk=pk)
        context["delete_url"] = self.url("initiative_delete", pk=pk)
        context["status_url"] = self.url("initiative_status", pk=pk)
        context["escalate_url"] = self.url("initiative_escalate", pk=pk)
        context["updates"] = self.object.updates.select_related("created_by")
        context["can_report"] = self.request.user.has_perm(StatusUpdate.get_perm("add"))
        context["escalations"] = self.object.escalations.all()
        return context


class InitiativeFormMixin(ReformMixin):
    model = Initiative
    form_class = InitiativeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["reform"] = self.reform
        return kwargs

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        links = {"indicators": data.pop("indicators"), "depends_on": data.pop("depends_on")}
        try:
            self.object = self.save(data, links)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"object": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.url("plan")
        return context


class InitiativeCreateView(InitiativeFormMixin, ObjectCreateView):
    def save(self, data, links):
        return services.initiative_create(reform=self.reform, by=self.request.user, **data, **links)


class InitiativeUpdateView(InitiativeFormMixin, ReformObjectMixin, ObjectUpdateView):
    def save(self, data, links):
        obj = Initiative.objects.get(pk=self.object.pk)
        return services.initiative_update(initiative=obj, by=self.request.user, **data, **links)


class InitiativeDeleteView(ReformObjectMixin, ObjectDeleteView):
    model = Initiative

    def get_success_url(self):
        return self.url("plan")


class ParentObjectFormView(ReformMixin, StarPermissionMixin, generic.FormView):
    """A form about one initiative or risk of the reform (status, assessment, escalation)."""

    template_name = "core/object_form.html"
    parent_model = None
    permission_type = "add"

    @cached_property
    def parent(self):
        qs = visible_to(self.parent_model.objects.filter(reform=self.reform), self.request.user)
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent"] = self.parent
        context["cancel_url"] = self.parent.get_absolute_url()
        context["form_title"] = self.get_form_title()
        return context

    def form_valid(self, form):
        try:
            self.perform(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_text())
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.parent.get_absolute_url()


class InitiativeStatusView(ParentObjectFormView):
    """Report the status of an initiative (one more status update row)."""

    model = StatusUpdate
    parent_model = Initiative
    form_class = StatusUpdateForm

    def get_initial(self):
        i = self.parent
        return {
            "content_status": i.content_status,
            "progress_status": i.progress_status,
            "percent_complete": i.percent_complete,
        }

    def get_form_title(self):
        return _("Statusopdatering: %(title)s") % {"title": self.parent.title}

    def perform(self, data):
        services.initiative_report_status(initiative=self.parent, by=self.request.user, **data)

    def success_text(self):
        return _("Status for %(title)s er opdateret.") % {"title": self.parent.title}


class InitiativeEscalateView(ParentObjectFormView):
    model = Escalation
    parent_model = Initiative
    form_class = EscalationForm

    def get_initial(self):
        return {"subject": self.parent.title, "cause": self.parent.status_reason}

    def get_form_title(self):
        return _("Eskalér til styregruppen: %(title)s") % {"title": self.parent.title}

    def perform(self, data):
        services.initiative_escalate(initiative=self.parent, by=self.request.user, **data)

    def success_text(self):
        return _("Initiativet er eskaleret til styregruppen.")


# ---------------------------------------------------------------------------- meeting pack


class MeetingPackMixin(ReformMixin, StarPermissionMixin):
    model = Initiative
    permission_type = "view"

    def get_permission_object(self):
        return None

    @cached_property
    def meeting(self):
        return get_object_or_404(selectors.meetings_of(self.reform), pk=self.kwargs["meeting"])


class MeetingPackView(MeetingPackMixin, generic.TemplateView):
    """Plan status, changes since the last meeting, overdue items, top risks, open escalations."""

    template_name = "risklog/meeting_pack.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.meeting_pack(self.meeting))
        context["pdfs"] = self.meeting.pack_pdfs.all()[:5]
        context["can_order"] = self.request.user.has_perm(MeetingPackPdf.get_perm("add"))
        context["order_url"] = self.url("meeting_pack_pdf_order", meeting=self.meeting.pk)
        return context


class MeetingPackPdfOrderView(MeetingPackMixin, generic.View):
    """POST: order the PDF; the worker renders it."""

    model = MeetingPackPdf
    permission_type = "add"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        services.meeting_pack_pdf_request(meeting=self.meeting, by=request.user)
        messages.success(
            request, _("PDF'en er bestilt. Den dannes i baggrunden; genindlæs siden om lidt.")
        )
        return HttpResponseRedirect(self.url("meeting_pack", meeting=self.meeting.pk))


class MeetingPackPdfDownloadView(MeetingPackMixin, generic.View):
    model = MeetingPackPdf

    def get(self, request, *args, **kwargs):
        pdf = get_object_or_404(
            self.meeting.pack_pdfs, pk=self.kwargs["pk"], status=MeetingPackPdf.Status.DONE
        )
        if not pdf.file:
            raise Http404
        return FileResponse(
            pdf.file.open("rb"),
            content_type="application/pdf",
            filename=pdf.file.name.rsplit("/", 1)[-1],
        )


# ============================================================================ the risk log


class RiskListView(ReformMixin, ObjectListView):
    model = Risk
    table_class = RiskTable
    filterset_class = RiskFilterSet
    template_name = "risklog/risk_list.html"
    add_url_name = "risklog:risk_create"

    def get_queryset(self):
        return selectors.risks_of(self.reform)

    def get_add_url_kwargs(self):
        return {"slug": self.reform.slug}

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["reform"] = self.reform
        return kwargs

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "lookup": selectors.matrix_lookup()}

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        rows = [row.record for row in table.paginated_rows]
        selectors.annotate_risks(rows, table.lookup)
        return table

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heat_map_url"] = self.url("heat_map")
        context["export_xlsx_url"] = self.url("risk_export", fmt="xlsx")
        context["export_csv_url"] = self.url("risk_export", fmt="csv")
        context["overdue_actions"] = selectors.overdue_actions(reform=self.reform).count()
        context["overdue_reviews"] = selectors.overdue_reviews(reform=self.reform).count()
        return context


class RiskDetailView(ReformObjectMixin, ObjectDetailView):
    model = Risk
    template_name = "risklog/risk_detail.html"
    detail_fields = [
        "description",
        "cause",
        "consequence",
        "category",
        "owner",
        "status",
        "review_interval_days",
        "next_review_date",
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("owner", "latest_assessment", "reform")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pk = self.object.pk
        lookup = selectors.matrix_lookup()
        history = selectors.assessment_history(self.object, lookup)
        context["edit_url"] = self.url("risk_update", pk=pk)
        context["delete_url"] = self.url("risk_delete", pk=pk)
        context["assess_url"] = self.url("risk_assess", pk=pk)
        context["action_create_url"] = self.url("action_create", pk=pk)
        context["escalate_url"] = self.url("risk_escalate", pk=pk)
        context["assessments"] = history
        context["latest"] = history[0] if history else None
        context["actions"] = self.object.actions.select_related("owner")
        context["escalations"] = self.object.escalations.all()
        context["can_edit_children"] = self.request.user.has_perm(Risk.get_perm("change"))
        return context


class RiskFormMixin(ReformMixin):
    model = Risk
    form_class = RiskForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["reform"] = self.reform
        return kwargs

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        links = {"indicators": data.pop("indicators"), "initiatives": data.pop("initiatives")}
        try:
            self.object = self.save(data, links)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"object": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.url("risk_list")
        return context


class RiskCreateView(RiskFormMixin, ObjectCreateView):
    def save(self, data, links):
        return services.risk_create(reform=self.reform, by=self.request.user, **data, **links)


class RiskUpdateView(RiskFormMixin, ReformObjectMixin, ObjectUpdateView):
    def save(self, data, links):
        obj = Risk.objects.get(pk=self.object.pk)
        return services.risk_update(risk=obj, by=self.request.user, **data, **links)


class RiskDeleteView(ReformObjectMixin, ObjectDeleteView):
    model = Risk

    def get_success_url(self):
        return self.url("risk_list")


class RiskAssessView(ParentObjectFormView):
    """A new assessment; "kopiér sidste vurdering" (?copy=1) pre-fills the last one's values."""

    model = Risk
    parent_model = Risk
    permission_type = "change"
    form_class = AssessmentForm
    template_name = "risklog/assess.html"

    @cached_property
    def definition(self):
        return selectors.matrix_definition()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "definition": self.definition}

    def get_initial(self):
        if self.request.GET.get("copy"):
            return services.last_assessment_initial(self.parent)
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["definition"] = self.definition
        context["has_previous"] = self.parent.latest_assessment_id is not None
        context["copy_url"] = self.url("risk_assess", pk=self.parent.pk) + "?copy=1"
        history = selectors.assessment_history(self.parent)
        context["latest"] = history[0] if history else None
        return context

    def get_form_title(self):
        return _("Vurdér risiko: %(title)s") % {"title": self.parent.title}

    def perform(self, data):
        services.risk_assess(risk=self.parent, by=self.request.user, **data)

    def success_text(self):
        return _("Vurderingen af %(title)s er gemt.") % {"title": self.parent.title}


class RiskEscalateView(ParentObjectFormView):
    model = Escalation
    parent_model = Risk
    form_class = EscalationForm

    def get_initial(self):
        return {"subject": self.parent.title, "cause": self.parent.cause}

    def get_form_title(self):
        return _("Eskalér til styregruppen: %(title)s") % {"title": self.parent.title}

    def perform(self, data):
        services.risk_escalate(risk=self.parent, by=self.request.user, **data)

    def success_text(self):
        return _("Risikoen er eskaleret til styregruppen.")


class ActionCreateView(ParentObjectFormView):
    model = MitigationAction
    parent_model = Risk
    form_class = MitigationActionForm

    def get_form_title(self):
        return _("Ny handling: %(title)s") % {"title": self.parent.title}

    def perform(self, data):
        services.action_create(risk=self.parent, by=self.request.user, **data)

    def success_text(self):
        return _("Handlingen er oprettet.")


class ActionObjectMixin(ReformObjectMixin):
    model = MitigationAction
    reform_lookup = "risk__reform"

    def get_success_url(self):
        return self.object.risk.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.object.risk.get_absolute_url()
        return context


class ActionUpdateView(ActionObjectMixin, ObjectUpdateView):
    form_class = MitigationActionForm

    def form_valid(self, form):
        try:
            services.action_update(
                action=MitigationAction.objects.get(pk=self.object.pk),
                by=self.request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Handlingen er gemt."))
        return HttpResponseRedirect(self.get_success_url())


class ActionDeleteView(ActionObjectMixin, ObjectDeleteView):
    pass


class HeatMapView(ReformMixin, StarPermissionMixin, generic.TemplateView):
    """The reform's risks on the matrix, inherent beside residual, with counts and links."""

    model = Risk
    permission_type = "view"
    template_name = "risklog/heat_map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heat"] = selectors.heat_map(self.reform)
        context["definition"] = selectors.matrix_definition()
        return context


class RiskExportView(ReformMixin, StarPermissionMixin, generic.View):
    """The risk log as XLSX or CSV with Danish column names (formula injection neutralised)."""

    model = Risk
    permission_type = "view"

    def get(self, request, *args, **kwargs):
        fmt = self.kwargs["fmt"]
        risks = visible_to(selectors.risks_of(self.reform), request.user).order_by("title")
        rows = exports.risk_log_rows(risks)
        name = f"risikolog-{self.reform.slug}"
        if fmt == "xlsx":
            response = HttpResponse(
                exports.to_xlsx(rows, title=_("Risikolog")),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(exports.to_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response


def _text_colour(hex_colour):
    """Black or white, whichever reads better on the background (WCAG relative luminance)."""
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#1a1a1a" if luminance > 0.22 else "#ffffff"


def levels_css(request):
    """The level colours as CSS, generated from the matrix fixture (its only definition)."""
    lines = ["/* Risk levels from the matrix fixture. */"]
    for level in RiskLevel.objects.all():
        lines.append(
            f".risk-level--{level.code} {{ background: {level.colour}; "
            f"color: {_text_colour(level.colour)}; }}"
        )
        # Inside the heat map, links and the risk names would otherwise take the colour of
        # more specific generic rules: give them the level's text colour explicitly.
        code, text = level.code, _text_colour(level.colour)
        lines.append(
            f".risk-heat td.risk-level--{code}, .risk-heat td.risk-level--{code} a, "
            f".risk-heat td.risk-level--{code} li {{ color: {text}; }}"
        )
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response

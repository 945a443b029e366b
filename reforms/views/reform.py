"""The reform overview, workspace and reformside; phases and checklists."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import generic
from django_filters.views import FilterView

from core.access import visible_to
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ScopedQuerysetMixin,
    StarPermissionMixin,
    apply_validation_error,
)

from .. import forms, selectors, services, track
from ..filtersets import ReformFilterSet
from ..models import ChecklistItem, Escalation, Meeting, PageSection, Phase, Question, Reform
from ..public.selectors import is_published, national_report, page_content
from .base import ChildCreateView, ChildDeleteView, HistoryFormMixin, UpdateView

# --- reforms -------------------------------------------------------------------------------


class ReformListView(StarPermissionMixin, ScopedQuerysetMixin, FilterView):
    """The overview: every reform with current phase, traffic light, next meeting, overdue
    items and warnings (filtered, sorted and paginated like every list)."""

    model = Reform
    queryset = Reform.objects.select_related("responsible_office")
    filterset_class = ReformFilterSet
    template_name = "reforms/reform_list.html"
    permission_type = "view"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = list(context["page_obj"].object_list if context.get("page_obj") else [])
        order = {reform.pk: index for index, reform in enumerate(page)}
        rows = selectors.reforms_with_status(Reform.objects.filter(pk__in=order))
        context["rows"] = sorted(rows, key=lambda row: order[row["reform"].pk])
        context["can_add"] = self.request.user.has_perm(Reform.get_perm("add"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        return context


class ReformDetailView(ObjectDetailView):
    """The reform's workspace for STAR staff and steering members."""

    model = Reform
    template_name = "reforms/reform_detail.html"
    slug_field = "slug"
    slug_url_kwarg = "slug"
    url_kwarg_field = "slug"
    edit_url_name = "reforms:update"
    delete_url_name = "reforms:delete"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reform = self.object
        user = self.request.user
        context["status"] = selectors.reform_status(reform)
        context["track_history"] = track.track_history(reform, current=context["status"]["track"])
        context["phases"] = reform.phases.prefetch_related(
            "checklist__responsible_office", "checklist__responsible_person"
        )
        context["groups"] = reform.groups.annotate(member_count=Count("members")).select_related(
            "responsible_office"
        )
        context["escalations"] = reform.escalations.select_related("proposed_by")[:10]
        context["communication"] = reform.communication.select_related("responsible")[:8]
        context["implementability"] = reform.implementability.all()[:5]
        context["levers"] = reform.levers.all()
        context["questions"] = reform.questions.select_related("municipality", "akasse")[:10]
        context["indicators"] = reform.indicators.order_by("kind", "name")
        context["can_edit"] = user.has_perm(Reform.get_perm("change"), reform)
        context["can_escalate"] = user.has_perm(Escalation.get_perm("add"))
        return context


class ReformCreateView(HistoryFormMixin, ObjectCreateView):
    model = Reform
    form_class = forms.ReformForm
    cancel_url = "/reforms/"

    def form_valid(self, form):
        try:
            self.object = services.reform_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(object)s er oprettet med de fire faser og guidens tjeklister.")
            % {"object": self.object},
        )
        return HttpResponseRedirect(self.object.get_absolute_url())


class ReformUpdateView(UpdateView):
    model = Reform
    form_class = forms.ReformForm
    slug_field = "slug"
    slug_url_kwarg = "slug"


class ReformDeleteView(ObjectDeleteView):
    """Administrators only; the confirmation page says what will be deleted with it."""

    model = Reform
    slug_field = "slug"
    slug_url_kwarg = "slug"
    template_name = "reforms/reform_confirm_delete.html"
    success_url_name = "reforms:list"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reform = self.object
        context["content"] = [
            (_("grupper"), reform.groups.count()),
            (_("møder"), Meeting.objects.filter(group__reform=reform).count()),
            (_("eskaleringer"), reform.escalations.count()),
            (_("tjeklistepunkter"), ChecklistItem.objects.filter(phase__reform=reform).count()),
            (_("kommunikationsaktiviteter"), reform.communication.count()),
            (_("implementeringsgreb"), reform.levers.count()),
            (_("spørgsmål fra kommuner"), reform.questions.count()),
        ]
        return context


class ReformPageView(ObjectDetailView):
    """The reformside: every logged-in user reads it; staff edit its sections."""

    model = Reform
    permission_type = "view_page"
    template_name = "reforms/reform_page.html"
    slug_field = "slug"
    slug_url_kwarg = "slug"
    url_kwarg_field = "slug"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reform = self.object
        user = self.request.user
        sections = {s.kind: s for s in reform.page_sections.all()}
        context["sections"] = [
            (kind, label, sections.get(kind)) for kind, label in PageSection.Kind.choices
        ]
        context["indicators"] = reform.indicators.order_by("kind", "name")
        context["published_questions"] = selectors.published_questions(reform)
        context["my_questions"] = (
            visible_to(reform.questions.all(), user).order_by("-created_at")
            if user.is_jobcentre or user.is_akasse
            else None
        )
        context["can_edit_page"] = user.has_perm(PageSection.get_perm("change"))
        context["can_ask"] = user.has_perm(Question.get_perm("add"))
        # What the page shows is built once for this page, the public page and its preview.
        content = page_content(reform, public_only=False, user=user)
        context["content"] = content
        context["published"] = is_published(reform)
        periods = [f.period for f in content.key_figures if f.period]
        context["report"] = (
            national_report(max(periods)) if periods and user.is_star_reader else None
        )
        context["levers"] = reform.levers.all()
        context["history"] = None
        return context


class PageSectionUpdateView(UpdateView):
    model = PageSection
    form_class = forms.PageSectionForm

    def get_object(self, queryset=None):
        if self.kwargs["kind"] not in PageSection.Kind.values:
            raise Http404
        reform = get_object_or_404(Reform, slug=self.kwargs["slug"])
        section, _created = PageSection.objects.get_or_create(
            reform=reform, kind=self.kwargs["kind"]
        )
        return section

    def get_permission_object(self):
        return None


# --- phases and checklists ----------------------------------------------------------------


class PhaseUpdateView(UpdateView):
    model = Phase
    form_class = forms.PhaseForm


class ChecklistItemCreateView(ChildCreateView):
    model = ChecklistItem
    form_class = forms.ChecklistItemForm

    def get_form_kwargs(self):
        kwargs = ObjectCreateView.get_form_kwargs(self)
        kwargs["reform"] = self.parent
        phase = self.parent.phases.filter(kind=self.request.GET.get("phase")).first()
        if phase:
            kwargs.setdefault("initial", {})["phase"] = phase.pk
        return kwargs


class ChecklistItemUpdateView(UpdateView):
    model = ChecklistItem
    form_class = forms.ChecklistItemForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["reform"] = self.object.phase.reform
        return kwargs


class ChecklistItemDeleteView(ChildDeleteView):
    model = ChecklistItem


class ChecklistItemToggleView(StarPermissionMixin, ScopedQuerysetMixin, generic.View):
    """POST: tick or untick a checklist item from the workspace."""

    model = ChecklistItem
    permission_type = "change"
    http_method_names = ["post"]

    def get_queryset(self):
        return visible_to(ChecklistItem.objects.select_related("phase__reform"), self.request.user)

    def get_permission_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def post(self, request, pk):
        item = self.get_permission_object()
        done = request.POST.get("done") == "1"
        services.checklist_item_set_done(item=item, done=done, by=request.user)
        if done:
            messages.success(request, _("»%(item)s« er markeret som udført.") % {"item": item})
        else:
            messages.info(request, _("»%(item)s« er markeret som ikke udført.") % {"item": item})
        return HttpResponseRedirect(item.get_absolute_url())

"""Pages of follow-up cases (/followups/): list, open (prefilled from a warning), case page with
comments and history, edit, delete. Every page reads through the scoped queryset, so another
municipality's case answers 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import generic

from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    ScopedQuerysetMixin,
    StarPermissionMixin,
    apply_validation_error,
)

from ..models import FollowUp
from . import forms, selectors, services
from .filtersets import FollowUpFilterSet
from .tables import FollowUpTable


class FollowUpListView(ObjectListView):
    """Every case the user may see: STAR all, a job-centre manager his municipality's."""

    model = FollowUp
    queryset = FollowUp.objects.select_related(
        "reform", "municipality", "owner_person", "owner_office"
    )
    table_class = FollowUpTable
    filterset_class = FollowUpFilterSet
    template_name = "reforms/followup_list.html"
    add_url_name = "reforms:followup_create"

    #: Filters that mean nothing to a job-centre manager (his own municipality; STAR's owners).
    STAR_ONLY_FILTERS = ("municipality", "owner_person", "owner_office")

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        if not self.request.user.is_star_reader:
            for name in self.STAR_ONLY_FILTERS:
                filterset.filters.pop(name, None)
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.is_star_reader:
            context["counts"] = selectors.followup_counts()
        return context


class FollowUpCreateView(ObjectCreateView):
    """Open a case; the query string of a warning's link fills the form (two clicks)."""

    model = FollowUp
    form_class = forms.FollowUpCreateForm
    template_name = "reforms/followup_form.html"
    cancel_url = "/followups/"

    def get_initial(self):
        return selectors.followup_prefill(params=self.request.GET, user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form_title"] = _("Opret opfølgning")
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = services.followup_open(
                reform=data["reform"],
                municipality=data["municipality"],
                indicator=data.get("indicator"),
                period=data.get("period"),
                kind=data["kind"],
                title=data["title"],
                description=data.get("description", ""),
                next_step=data["next_step"],
                due=data["due"],
                source=data["source"],
                by=self.request.user,
                **form.owner_fields(),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Opfølgningen er oprettet."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class FollowUpDetailView(ObjectDetailView):
    """The case: what, who, next step, the figures at creation, comments and history."""

    model = FollowUp
    queryset = FollowUp.objects.select_related(
        "reform", "municipality", "indicator", "owner_person", "owner_office", "created_by"
    )
    template_name = "reforms/followup_detail.html"
    edit_url_name = "reforms:followup_update"
    delete_url_name = "reforms:followup_delete"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        followup = self.object
        user = self.request.user
        context["comments"] = followup.comments.select_related("author")
        context["can_comment"] = user.has_perm(FollowUp.get_perm("comment"), followup)
        context["comment_form"] = kwargs.get("comment_form") or forms.FollowUpCommentForm()
        context["overdue"] = followup.is_overdue()
        context["figures"] = (followup.snapshot or {}).get("figures", [])
        if not user.is_star_reader:
            context["history"] = None  # STAR's own audit trail, like a question's
        return context


class FollowUpUpdateView(ObjectUpdateView):
    model = FollowUp
    form_class = forms.FollowUpUpdateForm
    template_name = "reforms/followup_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.object.get_absolute_url()
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        stored = FollowUp.objects.get(pk=self.object.pk)
        fields = {name: data[name] for name in form.Meta.fields}
        try:
            self.object = services.followup_update(
                followup=stored, by=self.request.user, **fields, **form.owner_fields()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Opfølgningen er gemt."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class FollowUpDeleteView(ObjectDeleteView):
    model = FollowUp
    success_url = "/followups/"


class FollowUpCommentView(StarPermissionMixin, ScopedQuerysetMixin, generic.FormView):
    """POST a comment (STAR staff, or the municipality's own job-centre manager)."""

    model = FollowUp
    permission_type = "comment"
    form_class = forms.FollowUpCommentForm
    http_method_names = ["post"]

    def get_queryset(self):
        return selectors.followups_for(self.request.user)

    @cached_property
    def followup(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.followup

    def form_valid(self, form):
        try:
            services.followup_comment(
                followup=self.followup, by=self.request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
        else:
            messages.success(self.request, _("Din kommentar er gemt."))
        return HttpResponseRedirect(self.followup.get_absolute_url() + "#kommentarer")

    def form_invalid(self, form):
        messages.error(self.request, _("Skriv en kommentar."))
        return HttpResponseRedirect(self.followup.get_absolute_url() + "#kommentarer")

"""STAR staff load and read the jobindsats cluster classifications (indicators/clusters.py)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import generic

from core.views import StarPermissionMixin

from . import clusters
from .forms_clusters import ClusterClearForm, ClusterUploadForm
from .models import MunicipalityCluster


class ClusterClassificationView(StarPermissionMixin, generic.FormView):
    """GET: the upload form and the current classification of each benefit group; POST: load
    a file (all or nothing; the rejected rows are listed, status 400). STAR staff only (403)."""

    model = MunicipalityCluster
    permission_type = "add"
    form_class = ClusterUploadForm
    template_name = "indicators/cluster_classification.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = clusters.classification_table()
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            summary = clusters.clusters_load(
                data=upload.read(),
                file_name=upload.name,
                group=form.cleaned_data.get("group") or None,
                by=self.request.user,
            )
        except clusters.ClusterFileError as exc:
            context = self.get_context_data(form=form, errors=exc.errors)
            return self.render_to_response(context, status=400)
        for group, counts in summary.items():
            messages.success(
                self.request,
                _(
                    "%(group)s: %(created)s nye, %(updated)s ændrede, %(unchanged)s uændrede, "
                    "%(removed)s fjernede kommuner. Klyngeværdierne genberegnes."
                )
                % {"group": group, **counts},
            )
        return redirect("indicators:cluster_classification")


class ClusterClearView(StarPermissionMixin, generic.FormView):
    """POST: remove one benefit group's classification (STAR staff)."""

    model = MunicipalityCluster
    permission_type = "delete"
    form_class = ClusterClearForm
    http_method_names = ["post"]

    def get_permission_object(self):
        return None

    def form_valid(self, form):
        group = form.cleaned_data["group"]
        removed = clusters.clusters_clear(group=group, by=self.request.user)
        messages.success(
            self.request,
            _("Klyngeinddelingen for %(group)s er fjernet (%(n)s kommuner).")
            % {"group": group, "n": removed},
        )
        return redirect("indicators:cluster_classification")

    def form_invalid(self, form):
        return redirect("indicators:cluster_classification")

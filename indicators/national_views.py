"""STAR staff set a sigtelinje's national target and its path (indicators/national.py)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from core.views import ObjectContextMixin, StarPermissionMixin

from . import national
from .models import Indicator, NationalTarget
from .national_forms import NationalTargetForm


class NationalTargetView(StarPermissionMixin, ObjectContextMixin, FormView):
    """GET: the form with the current target; POST: save it, or load a path file (all or
    nothing). STAR staff only (NationalTarget's change rule)."""

    model = NationalTarget
    permission_type = "change"
    form_class = NationalTargetForm
    template_name = "indicators/national_target_form.html"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return NationalTarget.objects.all()

    def dispatch(self, request, *args, **kwargs):
        self.indicator = get_object_or_404(Indicator, pk=kwargs["pk"])
        self.target = NationalTarget.objects.filter(indicator=self.indicator).first()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if self.target is None:
            return {}
        return {
            name: getattr(self.target, name)
            for name in ("start_period", "start_value", "target_period", "target_value", "note")
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            indicator=self.indicator,
            target=self.target,
            points=national.national_against_path(self.indicator, self.target)[-24:],
            form_title=_("Landsmål for %(name)s") % {"name": self.indicator.name},
            cancel_url=self.indicator.get_absolute_url(),
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        by = self.request.user
        target = national.national_target_set(
            indicator=self.indicator,
            by=by,
            start_period=data["start_period"],
            start_value=data["start_value"],
            target_period=data["target_period"],
            target_value=data["target_value"],
            note=data["note"],
            path_kind=NationalTarget.PathKind.LINEAR,
        )
        if data.get("path_file"):
            months = national.national_path_load(target=target, text=data["path_file"], by=by)
            messages.success(
                self.request,
                _("Landsmålet er gemt med en indlæst sti på %(n)s måneder.") % {"n": months},
            )
        else:
            target.points.all().delete()
            messages.success(self.request, _("Landsmålet er gemt med en lineær sti."))
        return redirect("indicators:national_target", pk=self.indicator.pk)

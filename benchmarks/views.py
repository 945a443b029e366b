"""Benchmark pages of the municipalities."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

from .selectors import benchmark_municipality_for


class MyBenchmarkRedirectView(LoginRequiredMixin, View):
    """A job-centre manager's own page."""

    def get(self, request):
        if not request.user.is_jobcentre:
            raise PermissionDenied
        return redirect("benchmarks:page", code=request.user.municipality_id)


class BenchmarkPageView(LoginRequiredMixin, TemplateView):
    """/benchmark/{code}/: how the municipality is doing, compared with whom, and why."""

    template_name = "benchmarks/page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["municipality"] = benchmark_municipality_for(
            user=self.request.user, code=self.kwargs["code"]
        )
        return context

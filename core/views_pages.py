"""The shell's own pages: home (by role), health, accessibility statement and error pages."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .health import health
from .home import home_panels


@never_cache
def healthz(request):
    status, body = health()
    return JsonResponse(body, status=status)


class HomeView(LoginRequiredMixin, TemplateView):
    """The start page; a job-centre manager goes straight to his municipality's page."""

    template_name = "core/home.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        if user.is_jobcentre:
            try:
                return redirect(reverse("benchmarks:page", args=[user.municipality_id]))
            except NoReverseMatch:
                pass
        if user.is_akasse:
            # An a-kasse's user starts at the reform pages and his fund's questions.
            return redirect("reforms:question_list")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = home_panels(self.request.user)
        return context


class AccessibilityView(TemplateView):
    template_name = "core/accessibility.html"


def _is_api(request):
    return request.path.startswith("/api/")


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse(
            {"detail": "Du har ikke tilladelse til at udføre denne handling."}, status=403
        )
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "Ikke fundet."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": "Der opstod en intern fejl."}, status=500)
    return render(request, "500.html", status=500)

"""Pages of the benchmarks app."""

from django.urls import path

from . import views

app_name = "benchmarks"

urlpatterns = [
    path("benchmark/", views.MyBenchmarkRedirectView.as_view(), name="my_page"),
    path("benchmark/<int:code>/", views.BenchmarkPageView.as_view(), name="page"),
]

# Reports, recipients and dispatch (kept in their own module to ease merging).
from .urls_reports import urlpatterns as _report_patterns  # noqa: E402

urlpatterns += _report_patterns

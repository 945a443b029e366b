"""Pages of the benchmarks app."""

from django.urls import path, register_converter

from . import views


class ExportFormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormatConverter, "fmt")

app_name = "benchmarks"

urlpatterns = [
    path("benchmark/", views.MyBenchmarkRedirectView.as_view(), name="my_page"),
    path("benchmark/oversigt/", views.OverviewView.as_view(), name="overview"),
    path("benchmark/maal/", views.TargetListView.as_view(), name="target_list"),
    path("benchmark/maal/ny/", views.TargetCreateView.as_view(), name="target_create"),
    path("benchmark/maal/<int:pk>/", views.TargetDetailView.as_view(), name="target_detail"),
    path(
        "benchmark/maal/<int:pk>/rediger/",
        views.TargetUpdateView.as_view(),
        name="target_update",
    ),
    path("benchmark/maal/<int:pk>/slet/", views.TargetDeleteView.as_view(), name="target_delete"),
    path("benchmark/reform/", views.ReformDashboardIndexView.as_view(), name="dashboard_index"),
    path("benchmark/reform/<slug:slug>/", views.ReformDashboardView.as_view(), name="dashboard"),
    path("benchmark/<int:code>/", views.BenchmarkPageView.as_view(), name="page"),
    path(
        "benchmark/<int:code>/data.<fmt:fmt>",
        views.BenchmarkExportView.as_view(),
        name="export",
    ),
]

# Evaluations (benchmarks/evaluation/urls.py).
from .evaluation.urls import urlpatterns as _evaluation_patterns  # noqa: E402

urlpatterns += _evaluation_patterns

# Reports, recipients and dispatch (kept in their own module to ease merging).
from .reports.urls import urlpatterns as _report_patterns  # noqa: E402

urlpatterns += _report_patterns

"""API routes of the benchmarks app."""

from django.urls import path

from . import api

urlpatterns = [
    path("benchmark/<int:code>/", api.BenchmarkAPIView.as_view(), name="benchmark-detail"),
]

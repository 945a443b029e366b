"""Pages of grant tranches."""

from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("benchmark/reform/<slug:slug>/tilskud/", views.GrantListView.as_view(), name="list"),
    path(
        "benchmark/reform/<slug:slug>/tilskud/indlaes/",
        views.GrantAmountsLoadView.as_view(),
        name="load",
    ),
]

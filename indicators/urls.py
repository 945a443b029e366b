"""Pages of the indicators app."""

from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("municipalities/", views.MunicipalityListView.as_view(), name="municipality_list"),
    path(
        "municipalities/<int:pk>/",
        views.MunicipalityDetailView.as_view(),
        name="municipality_detail",
    ),
]

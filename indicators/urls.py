"""Pages of the indicators app."""

from django.urls import path

from . import views, views_import

app_name = "indicators"

urlpatterns = [
    path("municipalities/", views.MunicipalityListView.as_view(), name="municipality_list"),
    path(
        "municipalities/<int:pk>/",
        views.MunicipalityDetailView.as_view(),
        name="municipality_detail",
    ),
]

# Observation imports (indicators/views_import.py)
urlpatterns += [
    path("imports/", views_import.ImportBatchListView.as_view(), name="import_list"),
    path("imports/upload/", views_import.ImportUploadView.as_view(), name="import_upload"),
    path("imports/<int:pk>/", views_import.ImportBatchDetailView.as_view(), name="import_detail"),
]

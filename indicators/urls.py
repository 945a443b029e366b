"""Pages of the indicators app."""

from django.urls import path

from . import national_views, views, views_clusters, views_import

app_name = "indicators"

urlpatterns = [
    path("municipalities/", views.MunicipalityListView.as_view(), name="municipality_list"),
    path(
        "municipalities/<int:pk>/",
        views.MunicipalityDetailView.as_view(),
        name="municipality_detail",
    ),
    path("measures/", views.MeasureListView.as_view(), name="measure_list"),
    path("measures/new/", views.MeasureCreateView.as_view(), name="measure_create"),
    path("measures/<int:pk>/", views.MeasureDetailView.as_view(), name="measure_detail"),
    path("measures/<int:pk>/edit/", views.MeasureUpdateView.as_view(), name="measure_update"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("indicators/new/", views.IndicatorCreateView.as_view(), name="indicator_create"),
    path("indicators/<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.IndicatorUpdateView.as_view(), name="indicator_update"),
    path("computations/", views.ComputationRunListView.as_view(), name="run_list"),
    path("computations/start/", views.ComputationStartView.as_view(), name="run_start"),
    path("computations/<int:pk>/", views.ComputationRunDetailView.as_view(), name="run_detail"),
]

# Observation imports (indicators/views_import.py)
urlpatterns += [
    path("imports/", views_import.ImportBatchListView.as_view(), name="import_list"),
    path("imports/upload/", views_import.ImportUploadView.as_view(), name="import_upload"),
    path("imports/<int:pk>/", views_import.ImportBatchDetailView.as_view(), name="import_detail"),
    path(
        "imports/jobindsats/",
        views_import.JobindsatsFetchStartView.as_view(),
        name="jobindsats_fetch_start",
    ),
    path(
        "imports/jobindsats/<int:pk>/",
        views_import.JobindsatsFetchDetailView.as_view(),
        name="jobindsats_fetch_detail",
    ),
]

# National targets of sigtelinjer (indicators/national_views.py)
urlpatterns += [
    path(
        "indicators/<int:pk>/national-target/",
        national_views.NationalTargetView.as_view(),
        name="national_target",
    ),
]

# jobindsats cluster classifications (indicators/views_clusters.py)
urlpatterns += [
    path(
        "clusters/",
        views_clusters.ClusterClassificationView.as_view(),
        name="cluster_classification",
    ),
    path("clusters/clear/", views_clusters.ClusterClearView.as_view(), name="cluster_clear"),
]

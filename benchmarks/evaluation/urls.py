"""Pages of evaluations, under /benchmark/evaluering/ (names in the benchmarks namespace)."""

from django.urls import path

from . import views

P = "benchmark/evaluering/"
SITE = P + "forsoeg/<int:pk>/"
ROUND = SITE + "runde/<int:number>/"

urlpatterns = [
    path(P, views.EvaluationListView.as_view(), name="evaluation_list"),
    path(P + "ny/", views.EvaluationCreateView.as_view(), name="evaluation_create"),
    path(P + "rammer/", views.FrameworkListView.as_view(), name="evaluation_frameworks"),
    path(P + "rammer/<int:pk>/", views.FrameworkDetailView.as_view(), name="evaluation_framework"),
    path(P + "pdf/<int:pk>/", views.PdfDownloadView.as_view(), name="evaluation_pdf"),
    path(SITE, views.SiteView.as_view(), name="evaluation_site"),
    path(ROUND, views.ScoreEntryView.as_view(), name="evaluation_scores"),
    path(ROUND + "import/", views.ScoreImportView.as_view(), name="evaluation_scores_import"),
    path(
        ROUND + "skabelon.csv", views.ScoreTemplateView.as_view(), name="evaluation_scores_template"
    ),
    path(P + "<slug:slug>/", views.EvaluationView.as_view(), name="evaluation"),
    path(
        P + "<slug:slug>/resultater.xlsx",
        views.ResultsExportView.as_view(),
        name="evaluation_export",
    ),
    path(P + "<slug:slug>/pdf/", views.PdfOrderView.as_view(), name="evaluation_pdf_order"),
    path(
        P + "<slug:slug>/kohorte/ny/",
        views.CohortCreateView.as_view(),
        name="evaluation_cohort_create",
    ),
    path(
        P + "<slug:slug>/forsoeg/ny/", views.SiteCreateView.as_view(), name="evaluation_site_create"
    ),
    path(
        P + "<slug:slug>/runde/ny/", views.RoundCreateView.as_view(), name="evaluation_round_create"
    ),
    path(
        P + "<slug:slug>/runde/<int:pk>/rediger/",
        views.RoundUpdateView.as_view(),
        name="evaluation_round_update",
    ),
]

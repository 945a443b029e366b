"""URL patterns of the reports part (included by benchmarks/urls.py, namespace benchmarks)."""

from django.urls import path, register_converter

from . import views


class QuarterConverter:
    regex = r"\d{4}-Q[1-4]"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(QuarterConverter, "quarter")

urlpatterns = [
    path("rapporter/", views.ReportListView.as_view(), name="report_list"),
    path("rapporter/<int:pk>/pdf/", views.ReportPdfView.as_view(), name="report_pdf"),
    path("rapporter/dan/", views.ReportRequestView.as_view(), name="report_request"),
    path(
        "rapporter/koersler/<int:pk>/proev-igen/",
        views.ReportBatchRetryView.as_view(),
        name="report_batch_retry",
    ),
    path("rapporter/modtagere/", views.RecipientListView.as_view(), name="recipient_list"),
    path(
        "rapporter/afmeld/<str:token>/",
        views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
    path("rapporter/modtagere/ny/", views.RecipientCreateView.as_view(), name="recipient_create"),
    path(
        "rapporter/modtagere/<int:pk>/",
        views.RecipientUpdateView.as_view(),
        name="recipient_update",
    ),
    path(
        "rapporter/modtagere/<int:pk>/slet/",
        views.RecipientDeleteView.as_view(),
        name="recipient_delete",
    ),
    path(
        "rapporter/forsendelser/",
        views.DispatchQuarterListView.as_view(),
        name="dispatch_quarters",
    ),
    path(
        "rapporter/forsendelser/<quarter:quarter>/",
        views.DispatchLogView.as_view(),
        name="dispatch_log",
    ),
    path(
        "rapporter/forsendelser/<quarter:quarter>/forhaandsvisning/",
        views.DispatchPreviewView.as_view(),
        name="dispatch_preview",
    ),
    path(
        "rapporter/forsendelser/<quarter:quarter>/send/",
        views.DispatchStartView.as_view(),
        name="dispatch_start",
    ),
    path(
        "rapporter/forsendelser/<quarter:quarter>/proev-igen/",
        views.DispatchRetryView.as_view(),
        name="dispatch_retry",
    ),
]

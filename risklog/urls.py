"""Pages of the implementation plan and the risk log (under a reform's slug)."""

from django.urls import path, re_path

from . import views

app_name = "risklog"

plan = "reforms/<slug:slug>/plan/"
risks = "reforms/<slug:slug>/risks/"

urlpatterns = [
    path("risklog/levels.css", views.levels_css, name="levels_css"),
    # the implementation plan
    path(plan, views.PlanView.as_view(), name="plan"),
    path(f"{plan}timeline/", views.TimelineView.as_view(), name="plan_timeline"),
    path(f"{plan}new/", views.InitiativeCreateView.as_view(), name="initiative_create"),
    path(f"{plan}<int:pk>/", views.InitiativeDetailView.as_view(), name="initiative_detail"),
    path(f"{plan}<int:pk>/edit/", views.InitiativeUpdateView.as_view(), name="initiative_update"),
    path(f"{plan}<int:pk>/delete/", views.InitiativeDeleteView.as_view(), name="initiative_delete"),
    path(f"{plan}<int:pk>/status/", views.InitiativeStatusView.as_view(), name="initiative_status"),
    path(
        f"{plan}<int:pk>/escalate/",
        views.InitiativeEscalateView.as_view(),
        name="initiative_escalate",
    ),
    path(f"{plan}meetings/<int:meeting>/", views.MeetingPackView.as_view(), name="meeting_pack"),
    path(
        f"{plan}meetings/<int:meeting>/pdf/",
        views.MeetingPackPdfOrderView.as_view(),
        name="meeting_pack_pdf_order",
    ),
    path(
        f"{plan}meetings/<int:meeting>/pdf/<int:pk>/",
        views.MeetingPackPdfDownloadView.as_view(),
        name="meeting_pack_pdf",
    ),
    # the risk log
    path(risks, views.RiskListView.as_view(), name="risk_list"),
    path(f"{risks}heat-map/", views.HeatMapView.as_view(), name="heat_map"),
    re_path(
        r"^reforms/(?P<slug>[-a-zA-Z0-9_]+)/risks/export\.(?P<fmt>xlsx|csv)$",
        views.RiskExportView.as_view(),
        name="risk_export",
    ),
    path(f"{risks}new/", views.RiskCreateView.as_view(), name="risk_create"),
    path(f"{risks}<int:pk>/", views.RiskDetailView.as_view(), name="risk_detail"),
    path(f"{risks}<int:pk>/edit/", views.RiskUpdateView.as_view(), name="risk_update"),
    path(f"{risks}<int:pk>/delete/", views.RiskDeleteView.as_view(), name="risk_delete"),
    path(f"{risks}<int:pk>/assess/", views.RiskAssessView.as_view(), name="risk_assess"),
    path(f"{risks}<int:pk>/escalate/", views.RiskEscalateView.as_view(), name="risk_escalate"),
    path(f"{risks}<int:pk>/actions/new/", views.ActionCreateView.as_view(), name="action_create"),
    path(f"{risks}actions/<int:pk>/edit/", views.ActionUpdateView.as_view(), name="action_update"),
    path(
        f"{risks}actions/<int:pk>/delete/", views.ActionDeleteView.as_view(), name="action_delete"
    ),
]

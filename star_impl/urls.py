"""Top-level URLs: pages, the API under /api/v1/, health, i18n and admin."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from accounts import views as accounts_views
from core import views_pages
from core.api_docs import SwaggerUIView

api_v1 = [
    path("", include("indicators.api_urls")),
    path("", include("reforms.api_urls")),
    path("", include("risklog.api_urls")),
    path("", include("benchmarks.api_urls")),
    path("", include("benchmarks.reports.api_urls")),
    path("", include("benchmarks.evaluation.api_urls")),
    path("", include("benchmarks.grants.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SwaggerUIView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", views_pages.HomeView.as_view(), name="home"),
    path("healthz", views_pages.healthz, name="healthz"),
    path("tilgaengelighed/", views_pages.AccessibilityView.as_view(), name="accessibility"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", accounts_views.LoginView.as_view(), name="login"),
    path("", include("accounts.urls")),
    path("", include("indicators.urls")),
    path("", include("risklog.urls")),
    path("", include("benchmarks.urls")),
    path("", include("benchmarks.grants.urls")),
    path("", include("reforms.urls")),
    path("api/v1/", include(api_v1)),
    path("django-admin/", admin.site.urls),
]

handler403 = "core.views_pages.permission_denied"
handler404 = "core.views_pages.page_not_found"
handler500 = "core.views_pages.server_error"

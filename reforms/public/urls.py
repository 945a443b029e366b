"""Pages of the public reform page, included by reforms.urls (namespace "reforms")."""

from django.urls import path

from . import views

urlpatterns = [
    path("public/reforms/<slug:slug>/", views.PublicReformPageView.as_view(), name="public_page"),
    path(
        "public/reforms/<slug:slug>/documents/<int:pk>/",
        views.PublicDocumentView.as_view(),
        name="public_document",
    ),
    path(
        "reforms/<slug:slug>/public-preview/",
        views.PublicPreviewView.as_view(),
        name="public_preview",
    ),
    path("reforms/<slug:slug>/publish/", views.PublicationView.as_view(), name="publish"),
    path(
        "reforms/<slug:slug>/milestones/new/",
        views.MilestoneCreateView.as_view(),
        name="milestone_create",
    ),
    path(
        "reforms/milestones/<int:pk>/edit/",
        views.MilestoneUpdateView.as_view(),
        name="milestone_update",
    ),
    path(
        "reforms/milestones/<int:pk>/delete/",
        views.MilestoneDeleteView.as_view(),
        name="milestone_delete",
    ),
    path(
        "reforms/<slug:slug>/documents/new/",
        views.DocumentCreateView.as_view(),
        name="document_create",
    ),
    path(
        "reforms/documents/<int:pk>/",
        views.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    path(
        "reforms/documents/<int:pk>/delete/",
        views.DocumentDeleteView.as_view(),
        name="document_delete",
    ),
]

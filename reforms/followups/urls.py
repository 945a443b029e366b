"""Pages of follow-up cases, included by reforms.urls (namespace "reforms")."""

from django.urls import path

from . import views

urlpatterns = [
    path("followups/", views.FollowUpListView.as_view(), name="followup_list"),
    path("followups/new/", views.FollowUpCreateView.as_view(), name="followup_create"),
    path("followups/<int:pk>/", views.FollowUpDetailView.as_view(), name="followup_detail"),
    path("followups/<int:pk>/edit/", views.FollowUpUpdateView.as_view(), name="followup_update"),
    path("followups/<int:pk>/delete/", views.FollowUpDeleteView.as_view(), name="followup_delete"),
    path(
        "followups/<int:pk>/comment/",
        views.FollowUpCommentView.as_view(),
        name="followup_comment",
    ),
]

"""Pages of the reforms app (CONTRACT.md §7: /reforms/, /reforms/{slug}/, .../page/)."""

from django.urls import path

from . import views
from .followups import urls as followup_urls
from .public import urls as public_urls

app_name = "reforms"

urlpatterns = [
    # Fixed paths first: a reform's slug can never take these words (RESERVED_SLUGS).
    path("reforms/", views.ReformListView.as_view(), name="list"),
    path("reforms/new/", views.ReformCreateView.as_view(), name="create"),
    # phases and checklists
    path("reforms/phases/<int:pk>/edit/", views.PhaseUpdateView.as_view(), name="phase_update"),
    path(
        "reforms/checklist/<int:pk>/edit/",
        views.ChecklistItemUpdateView.as_view(),
        name="checklist_update",
    ),
    path(
        "reforms/checklist/<int:pk>/delete/",
        views.ChecklistItemDeleteView.as_view(),
        name="checklist_delete",
    ),
    path(
        "reforms/checklist/<int:pk>/toggle/",
        views.ChecklistItemToggleView.as_view(),
        name="checklist_toggle",
    ),
    # groups, members, meetings, action items
    path("reforms/groups/", views.GroupListView.as_view(), name="group_list"),
    path("reforms/groups/<int:pk>/", views.GroupDetailView.as_view(), name="group_detail"),
    path("reforms/groups/<int:pk>/edit/", views.GroupUpdateView.as_view(), name="group_update"),
    path("reforms/groups/<int:pk>/delete/", views.GroupDeleteView.as_view(), name="group_delete"),
    path(
        "reforms/groups/<int:pk>/members/new/",
        views.MemberCreateView.as_view(),
        name="member_create",
    ),
    path("reforms/members/<int:pk>/edit/", views.MemberUpdateView.as_view(), name="member_update"),
    path(
        "reforms/members/<int:pk>/delete/",
        views.MemberDeleteView.as_view(),
        name="member_delete",
    ),
    path(
        "reforms/groups/<int:pk>/meetings/new/",
        views.MeetingCreateView.as_view(),
        name="meeting_create",
    ),
    path("reforms/meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("reforms/meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path(
        "reforms/meetings/<int:pk>/edit/",
        views.MeetingUpdateView.as_view(),
        name="meeting_update",
    ),
    path(
        "reforms/meetings/<int:pk>/delete/",
        views.MeetingDeleteView.as_view(),
        name="meeting_delete",
    ),
    path(
        "reforms/meetings/<int:pk>/actions/new/",
        views.ActionItemCreateView.as_view(),
        name="action_create",
    ),
    path(
        "reforms/actions/<int:pk>/edit/", views.ActionItemUpdateView.as_view(), name="action_update"
    ),
    path(
        "reforms/actions/<int:pk>/delete/",
        views.ActionItemDeleteView.as_view(),
        name="action_delete",
    ),
    # escalations
    path("reforms/escalations/", views.EscalationListView.as_view(), name="escalation_list"),
    path(
        "reforms/escalations/<int:pk>/",
        views.EscalationDetailView.as_view(),
        name="escalation_detail",
    ),
    path(
        "reforms/escalations/<int:pk>/edit/",
        views.EscalationUpdateView.as_view(),
        name="escalation_update",
    ),
    path(
        "reforms/escalations/<int:pk>/delete/",
        views.EscalationDeleteView.as_view(),
        name="escalation_delete",
    ),
    path(
        "reforms/escalations/<int:pk>/decide/",
        views.EscalationDecideView.as_view(),
        name="escalation_decide",
    ),
    # communication plan and implementability analysis (items)
    path(
        "reforms/communication/<int:pk>/edit/",
        views.CommunicationUpdateView.as_view(),
        name="communication_update",
    ),
    path(
        "reforms/communication/<int:pk>/delete/",
        views.CommunicationDeleteView.as_view(),
        name="communication_delete",
    ),
    path(
        "reforms/implementability/<int:pk>/edit/",
        views.ImplementabilityUpdateView.as_view(),
        name="implementability_update",
    ),
    path(
        "reforms/implementability/<int:pk>/delete/",
        views.ImplementabilityDeleteView.as_view(),
        name="implementability_delete",
    ),
    # lever bank
    path("reforms/levers/", views.LeverListView.as_view(), name="lever_list"),
    path("reforms/levers/new/", views.LeverCreateView.as_view(), name="lever_create"),
    path("reforms/levers/<int:pk>/", views.LeverDetailView.as_view(), name="lever_detail"),
    path("reforms/levers/<int:pk>/edit/", views.LeverUpdateView.as_view(), name="lever_update"),
    path("reforms/levers/<int:pk>/delete/", views.LeverDeleteView.as_view(), name="lever_delete"),
    # questions from municipalities
    path("reforms/questions/", views.QuestionListView.as_view(), name="question_list"),
    path("reforms/questions/<int:pk>/", views.QuestionDetailView.as_view(), name="question_detail"),
    path(
        "reforms/questions/<int:pk>/answer/",
        views.QuestionAnswerView.as_view(),
        name="question_answer",
    ),
    path(
        "reforms/questions/<int:pk>/delete/",
        views.QuestionDeleteView.as_view(),
        name="question_delete",
    ),
    # STAR organisation
    path("organisation/offices/", views.OfficeListView.as_view(), name="office_list"),
    path("organisation/offices/new/", views.OfficeCreateView.as_view(), name="office_create"),
    path("organisation/offices/<int:pk>/", views.OfficeDetailView.as_view(), name="office_detail"),
    path(
        "organisation/offices/<int:pk>/edit/",
        views.OfficeUpdateView.as_view(),
        name="office_update",
    ),
    path(
        "organisation/offices/<int:pk>/delete/",
        views.OfficeDeleteView.as_view(),
        name="office_delete",
    ),
    path("organisation/people/", views.PersonListView.as_view(), name="person_list"),
    path("organisation/people/new/", views.PersonCreateView.as_view(), name="person_create"),
    path("organisation/people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path(
        "organisation/people/<int:pk>/edit/",
        views.PersonUpdateView.as_view(),
        name="person_update",
    ),
    path(
        "organisation/people/<int:pk>/delete/",
        views.PersonDeleteView.as_view(),
        name="person_delete",
    ),
    # one reform (slug)
    path("reforms/<slug:slug>/", views.ReformDetailView.as_view(), name="detail"),
    path("reforms/<slug:slug>/edit/", views.ReformUpdateView.as_view(), name="update"),
    path("reforms/<slug:slug>/delete/", views.ReformDeleteView.as_view(), name="delete"),
    path("reforms/<slug:slug>/page/", views.ReformPageView.as_view(), name="page"),
    path(
        "reforms/<slug:slug>/page/<slug:kind>/edit/",
        views.PageSectionUpdateView.as_view(),
        name="page_section_update",
    ),
    path(
        "reforms/<slug:slug>/checklist/new/",
        views.ChecklistItemCreateView.as_view(),
        name="checklist_create",
    ),
    path("reforms/<slug:slug>/groups/new/", views.GroupCreateView.as_view(), name="group_create"),
    path(
        "reforms/<slug:slug>/escalations/new/",
        views.EscalationCreateView.as_view(),
        name="escalation_create",
    ),
    path(
        "reforms/<slug:slug>/communication/",
        views.CommunicationListView.as_view(),
        name="communication_list",
    ),
    path(
        "reforms/<slug:slug>/communication/new/",
        views.CommunicationCreateView.as_view(),
        name="communication_create",
    ),
    path(
        "reforms/<slug:slug>/implementability/",
        views.ImplementabilityListView.as_view(),
        name="implementability_list",
    ),
    path(
        "reforms/<slug:slug>/implementability/new/",
        views.ImplementabilityCreateView.as_view(),
        name="implementability_create",
    ),
    path(
        "reforms/<slug:slug>/questions/new/",
        views.QuestionCreateView.as_view(),
        name="question_create",
    ),
]

# follow-up cases with the municipalities (/followups/)
urlpatterns += followup_urls.urlpatterns
# the public reform page, its preview, milestones and documents
urlpatterns = public_urls.urlpatterns + urlpatterns

"""Pages of the reforms app (CONTRACT.md §7: /reforms/, /reforms/{slug}/, .../page/)."""

from django.urls import path

from .followups import urls as followup_urls
from .public import urls as public_urls
from .views import groups, organisation, planning, questions, reform

app_name = "reforms"

urlpatterns = [
    # Fixed paths first: a reform's slug can never take these words (RESERVED_SLUGS).
    path("reforms/", reform.ReformListView.as_view(), name="list"),
    path("reforms/new/", reform.ReformCreateView.as_view(), name="create"),
    # phases and checklists
    path("reforms/phases/<int:pk>/edit/", reform.PhaseUpdateView.as_view(), name="phase_update"),
    path(
        "reforms/checklist/<int:pk>/edit/",
        reform.ChecklistItemUpdateView.as_view(),
        name="checklist_update",
    ),
    path(
        "reforms/checklist/<int:pk>/delete/",
        reform.ChecklistItemDeleteView.as_view(),
        name="checklist_delete",
    ),
    path(
        "reforms/checklist/<int:pk>/toggle/",
        reform.ChecklistItemToggleView.as_view(),
        name="checklist_toggle",
    ),
    # groups, members, meetings, action items
    path("reforms/groups/", groups.GroupListView.as_view(), name="group_list"),
    path("reforms/groups/<int:pk>/", groups.GroupDetailView.as_view(), name="group_detail"),
    path("reforms/groups/<int:pk>/edit/", groups.GroupUpdateView.as_view(), name="group_update"),
    path("reforms/groups/<int:pk>/delete/", groups.GroupDeleteView.as_view(), name="group_delete"),
    path(
        "reforms/groups/<int:pk>/members/new/",
        groups.MemberCreateView.as_view(),
        name="member_create",
    ),
    path("reforms/members/<int:pk>/edit/", groups.MemberUpdateView.as_view(), name="member_update"),
    path(
        "reforms/members/<int:pk>/delete/",
        groups.MemberDeleteView.as_view(),
        name="member_delete",
    ),
    path(
        "reforms/groups/<int:pk>/meetings/new/",
        groups.MeetingCreateView.as_view(),
        name="meeting_create",
    ),
    path("reforms/meetings/", groups.MeetingListView.as_view(), name="meeting_list"),
    path("reforms/meetings/<int:pk>/", groups.MeetingDetailView.as_view(), name="meeting_detail"),
    path(
        "reforms/meetings/<int:pk>/edit/",
        groups.MeetingUpdateView.as_view(),
        name="meeting_update",
    ),
    path(
        "reforms/meetings/<int:pk>/delete/",
        groups.MeetingDeleteView.as_view(),
        name="meeting_delete",
    ),
    path(
        "reforms/meetings/<int:pk>/actions/new/",
        groups.ActionItemCreateView.as_view(),
        name="action_create",
    ),
    path(
        "reforms/actions/<int:pk>/edit/",
        groups.ActionItemUpdateView.as_view(),
        name="action_update",
    ),
    path(
        "reforms/actions/<int:pk>/delete/",
        groups.ActionItemDeleteView.as_view(),
        name="action_delete",
    ),
    # escalations
    path("reforms/escalations/", groups.EscalationListView.as_view(), name="escalation_list"),
    path(
        "reforms/escalations/<int:pk>/",
        groups.EscalationDetailView.as_view(),
        name="escalation_detail",
    ),
    path(
        "reforms/escalations/<int:pk>/edit/",
        groups.EscalationUpdateView.as_view(),
        name="escalation_update",
    ),
    path(
        "reforms/escalations/<int:pk>/delete/",
        groups.EscalationDeleteView.as_view(),
        name="escalation_delete",
    ),
    path(
        "reforms/escalations/<int:pk>/decide/",
        groups.EscalationDecideView.as_view(),
        name="escalation_decide",
    ),
    # communication plan and implementability analysis (items)
    path(
        "reforms/communication/<int:pk>/edit/",
        planning.CommunicationUpdateView.as_view(),
        name="communication_update",
    ),
    path(
        "reforms/communication/<int:pk>/delete/",
        planning.CommunicationDeleteView.as_view(),
        name="communication_delete",
    ),
    path(
        "reforms/communication/<int:pk>/send/",
        planning.CommunicationSendView.as_view(),
        name="communication_send",
    ),
    path(
        "reforms/implementability/<int:pk>/edit/",
        planning.ImplementabilityUpdateView.as_view(),
        name="implementability_update",
    ),
    path(
        "reforms/implementability/<int:pk>/delete/",
        planning.ImplementabilityDeleteView.as_view(),
        name="implementability_delete",
    ),
    # lever bank
    path("reforms/levers/", planning.LeverListView.as_view(), name="lever_list"),
    path("reforms/levers/new/", planning.LeverCreateView.as_view(), name="lever_create"),
    path("reforms/levers/<int:pk>/", planning.LeverDetailView.as_view(), name="lever_detail"),
    path("reforms/levers/<int:pk>/edit/", planning.LeverUpdateView.as_view(), name="lever_update"),
    path(
        "reforms/levers/<int:pk>/delete/", planning.LeverDeleteView.as_view(), name="lever_delete"
    ),
    # questions from municipalities
    path("reforms/questions/", questions.QuestionListView.as_view(), name="question_list"),
    path(
        "reforms/questions/<int:pk>/",
        questions.QuestionDetailView.as_view(),
        name="question_detail",
    ),
    path(
        "reforms/questions/<int:pk>/answer/",
        questions.QuestionAnswerView.as_view(),
        name="question_answer",
    ),
    path(
        "reforms/questions/<int:pk>/delete/",
        questions.QuestionDeleteView.as_view(),
        name="question_delete",
    ),
    # STAR organisation
    path("organisation/offices/", organisation.OfficeListView.as_view(), name="office_list"),
    path(
        "organisation/offices/new/", organisation.OfficeCreateView.as_view(), name="office_create"
    ),
    path(
        "organisation/offices/<int:pk>/",
        organisation.OfficeDetailView.as_view(),
        name="office_detail",
    ),
    path(
        "organisation/offices/<int:pk>/edit/",
        organisation.OfficeUpdateView.as_view(),
        name="office_update",
    ),
    path(
        "organisation/offices/<int:pk>/delete/",
        organisation.OfficeDeleteView.as_view(),
        name="office_delete",
    ),
    path("organisation/people/", organisation.PersonListView.as_view(), name="person_list"),
    path("organisation/people/new/", organisation.PersonCreateView.as_view(), name="person_create"),
    path(
        "organisation/people/<int:pk>/",
        organisation.PersonDetailView.as_view(),
        name="person_detail",
    ),
    path(
        "organisation/people/<int:pk>/edit/",
        organisation.PersonUpdateView.as_view(),
        name="person_update",
    ),
    path(
        "organisation/people/<int:pk>/delete/",
        organisation.PersonDeleteView.as_view(),
        name="person_delete",
    ),
    # one reform (slug)
    path("reforms/<slug:slug>/", reform.ReformDetailView.as_view(), name="detail"),
    path("reforms/<slug:slug>/edit/", reform.ReformUpdateView.as_view(), name="update"),
    path("reforms/<slug:slug>/delete/", reform.ReformDeleteView.as_view(), name="delete"),
    path("reforms/<slug:slug>/page/", reform.ReformPageView.as_view(), name="page"),
    path(
        "reforms/<slug:slug>/page/<slug:kind>/edit/",
        reform.PageSectionUpdateView.as_view(),
        name="page_section_update",
    ),
    path(
        "reforms/<slug:slug>/checklist/new/",
        reform.ChecklistItemCreateView.as_view(),
        name="checklist_create",
    ),
    path("reforms/<slug:slug>/groups/new/", groups.GroupCreateView.as_view(), name="group_create"),
    path(
        "reforms/<slug:slug>/escalations/new/",
        groups.EscalationCreateView.as_view(),
        name="escalation_create",
    ),
    path(
        "reforms/<slug:slug>/communication/",
        planning.CommunicationListView.as_view(),
        name="communication_list",
    ),
    path(
        "reforms/<slug:slug>/communication/new/",
        planning.CommunicationCreateView.as_view(),
        name="communication_create",
    ),
    path(
        "reforms/<slug:slug>/implementability/",
        planning.ImplementabilityListView.as_view(),
        name="implementability_list",
    ),
    path(
        "reforms/<slug:slug>/implementability/new/",
        planning.ImplementabilityCreateView.as_view(),
        name="implementability_create",
    ),
    path(
        "reforms/<slug:slug>/questions/new/",
        questions.QuestionCreateView.as_view(),
        name="question_create",
    ),
]

# follow-up cases with the municipalities (/followups/)
urlpatterns += followup_urls.urlpatterns
# the public reform page, its preview, milestones and documents
urlpatterns = public_urls.urlpatterns + urlpatterns

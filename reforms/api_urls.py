"""API routes of the reforms app."""

from rest_framework.routers import SimpleRouter

from . import api
from .followups import api as followup_api

router = SimpleRouter(trailing_slash=True)
router.register("reforms", api.ReformViewSet, basename="reform")
router.register("phases", api.PhaseViewSet, basename="phase")
router.register("checklist-items", api.ChecklistItemViewSet, basename="checklistitem")
router.register("groups", api.GroupViewSet, basename="group")
router.register("group-members", api.GroupMemberViewSet, basename="groupmember")
router.register("meetings", api.MeetingViewSet, basename="meeting")
router.register("action-items", api.ActionItemViewSet, basename="actionitem")
router.register("escalations", api.EscalationViewSet, basename="escalation")
router.register("communication-items", api.CommunicationItemViewSet, basename="communicationitem")
router.register(
    "implementability-items", api.ImplementabilityItemViewSet, basename="implementabilityitem"
)
router.register("levers", api.LeverViewSet, basename="lever")
router.register("questions", api.QuestionViewSet, basename="question")
router.register("offices", api.OfficeViewSet, basename="office")
router.register("people", api.PersonViewSet, basename="person")
router.register("followups", followup_api.FollowUpViewSet, basename="followup")

urlpatterns = router.urls

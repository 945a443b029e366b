"""API viewsets of the reforms app (CONTRACT.md §7: reforms with their phases, groups,
meetings, escalations; and the reform's other parts)."""

import django_filters
from django.db.models import Prefetch
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ScopedViewSetMixin, StarModelViewSet

from . import serializers, services
from .filtersets import (
    EscalationFilterSet,
    GroupFilterSet,
    LeverFilterSet,
    MeetingFilterSet,
    QuestionFilterSet,
    ReformFilterSet,
)
from .models import (
    ActionItem,
    ChecklistItem,
    CommunicationItem,
    Escalation,
    Group,
    GroupMember,
    ImplementabilityItem,
    Lever,
    Meeting,
    Office,
    Person,
    Phase,
    Question,
    Reform,
)


class _ReformFilter(django_filters.FilterSet):
    reform = django_filters.CharFilter(field_name="reform__slug", label="reform (slug)")


class ReformViewSet(StarModelViewSet):
    """Reforms, each with its four phases nested; `?status=&complexity=&q=`."""

    queryset = Reform.objects.select_related("responsible_office", "impl_contact").prefetch_related(
        Prefetch("phases", queryset=Phase.objects.prefetch_related("checklist"))
    )
    serializer_class = serializers.ReformSerializer
    filterset_class = ReformFilterSet
    lookup_field = "slug"
    ordering_fields = ["name", "law_in_force", "status"]
    search_fields = ["name", "short_description"]


class PhaseViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The four phases are created with their reform; their dates and status are edited."""

    queryset = Phase.objects.select_related("reform").prefetch_related("checklist")
    serializer_class = serializers.PhaseSerializer
    filterset_class = type(
        "PhaseFilter",
        (_ReformFilter,),
        {"Meta": type("Meta", (), {"model": Phase, "fields": ["kind"]})},
    )


class ChecklistItemViewSet(StarModelViewSet):
    queryset = ChecklistItem.objects.select_related("phase__reform")
    serializer_class = serializers.ChecklistItemSerializer
    filterset_class = type(
        "ChecklistFilter",
        (django_filters.FilterSet,),
        {
            "reform": django_filters.CharFilter(field_name="phase__reform__slug"),
            "phase": django_filters.CharFilter(field_name="phase__kind"),
            "Meta": type("Meta", (), {"model": ChecklistItem, "fields": ["done"]}),
        },
    )


class GroupViewSet(StarModelViewSet):
    queryset = Group.objects.select_related("reform").prefetch_related("members")
    serializer_class = serializers.GroupSerializer
    filterset_class = GroupFilterSet


class GroupMemberViewSet(StarModelViewSet):
    queryset = GroupMember.objects.select_related(
        "group", "person", "municipality", "akasse"
    ).order_by("group", "pk")
    serializer_class = serializers.GroupMemberSerializer
    filterset_fields = ["group"]


class MeetingViewSet(StarModelViewSet):
    queryset = Meeting.objects.select_related("group__reform").prefetch_related("action_items")
    serializer_class = serializers.MeetingSerializer
    filterset_class = MeetingFilterSet
    ordering_fields = ["starts_at"]


class ActionItemViewSet(StarModelViewSet):
    queryset = ActionItem.objects.select_related("meeting").order_by("meeting", "pk")
    serializer_class = serializers.ActionItemSerializer
    filterset_fields = ["meeting", "status"]


class EscalationViewSet(StarModelViewSet):
    """Staff raise escalations; steering members decide with POST .../decide/."""

    queryset = Escalation.objects.select_related("reform", "proposed_by", "decided_by", "indicator")
    serializer_class = serializers.EscalationSerializer
    filterset_class = EscalationFilterSet
    permission_type_map = {**StarModelViewSet.permission_type_map, "decide": "view"}

    @action(
        detail=True, methods=["post"], serializer_class=serializers.EscalationDecisionSerializer
    )
    def decide(self, request, pk=None):
        escalation = self.get_object()
        data = serializers.EscalationDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        escalation = services.escalation_decide(
            escalation=escalation, by=request.user, **data.validated_data
        )
        return Response(serializers.EscalationSerializer(escalation).data)


class CommunicationItemViewSet(StarModelViewSet):
    queryset = CommunicationItem.objects.select_related("reform", "responsible")
    serializer_class = serializers.CommunicationItemSerializer
    filterset_class = type(
        "CommunicationFilter",
        (_ReformFilter,),
        {"Meta": type("Meta", (), {"model": CommunicationItem, "fields": ["status", "channel"]})},
    )


class ImplementabilityItemViewSet(StarModelViewSet):
    queryset = ImplementabilityItem.objects.select_related("reform").prefetch_related(
        "municipalities"
    )
    serializer_class = serializers.ImplementabilityItemSerializer
    filterset_class = type(
        "ImplementabilityFilter",
        (_ReformFilter,),
        {"Meta": type("Meta", (), {"model": ImplementabilityItem, "fields": ["difficulty"]})},
    )
    ordering_fields = ["difficulty", "initiative"]


class LeverViewSet(StarModelViewSet):
    """The lever bank: `?q=monitorering&type=monitoring&phase=initial&reform=slug`."""

    queryset = Lever.objects.select_related("reform")
    serializer_class = serializers.LeverSerializer
    filterset_class = LeverFilterSet
    ordering_fields = ["top3_share", "used_share", "name"]


class QuestionViewSet(StarModelViewSet):
    """Questions from municipalities; a job-centre manager asks and sees his own."""

    queryset = Question.objects.select_related("reform", "municipality")
    serializer_class = serializers.QuestionSerializer
    filterset_class = QuestionFilterSet
    permission_type_map = {**StarModelViewSet.permission_type_map, "answer": "change"}

    @action(detail=True, methods=["post"], serializer_class=serializers.AnswerSerializer)
    def answer(self, request, pk=None):
        question = self.get_object()
        data = serializers.AnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question = services.question_answer(
            question=question, by=request.user, **data.validated_data
        )
        return Response(serializers.QuestionSerializer(question).data)


class OfficeViewSet(StarModelViewSet):
    queryset = Office.objects.all()
    serializer_class = serializers.OfficeSerializer
    filterset_fields = ["kind"]
    search_fields = ["name", "code"]


class PersonViewSet(StarModelViewSet):
    queryset = Person.objects.select_related("office")
    serializer_class = serializers.PersonSerializer
    filterset_fields = ["office"]
    search_fields = ["name", "email"]

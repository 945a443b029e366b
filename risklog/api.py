"""API viewsets of the plan (`initiatives`) and the risk log (`risks`)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import StarModelViewSet

from . import selectors, services
from .filtersets import InitiativeFilterSet, RiskFilterSet
from .models import EscalationLink, Initiative, MitigationAction, Risk, StatusUpdate
from .serializers import (
    AssessInputSerializer,
    AssessmentSerializer,
    EscalationInputSerializer,
    InitiativeSerializer,
    MitigationActionSerializer,
    RiskSerializer,
    StatusReportSerializer,
    StatusUpdateSerializer,
    _run,
)


class EscalationOutSerializer(drf_serializers.Serializer):
    """The escalation created (schema only)."""

    id = drf_serializers.IntegerField()
    reform = drf_serializers.CharField()
    subject = drf_serializers.CharField()
    status = drf_serializers.CharField()
    risk = drf_serializers.IntegerField(allow_null=True)
    initiative = drf_serializers.IntegerField(allow_null=True)


class AssessmentHistorySerializer(AssessmentSerializer):
    """An assessment with how the residual level moved since the one before (schema only)."""

    trend = drf_serializers.CharField(allow_null=True)

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "trend"]


def _escalation_data(escalation):
    link = EscalationLink.objects.filter(escalation=escalation).first()
    return {
        "id": escalation.pk,
        "reform": escalation.reform.slug,
        "subject": escalation.subject,
        "status": escalation.status,
        "risk": link.risk_id if link else None,
        "initiative": link.initiative_id if link else None,
    }


class InitiativeViewSet(StarModelViewSet):
    """Initiatives of the implementation plans (`?reform=slug&progress_status=red`)."""

    queryset = Initiative.objects.select_related(
        "reform", "responsible_office", "responsible_person"
    ).prefetch_related(
        "indicators",
        "depends_on",
        Prefetch("updates", queryset=StatusUpdate.objects.select_related("created_by")),
    )
    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilterSet
    ordering_fields = ["start_date", "end_date", "title", "percent_complete"]
    ordering = ["reform__slug", "start_date", "id"]
    search_fields = ["title", "description"]
    permission_type_map = {
        **StarModelViewSet.permission_type_map,
        "status": "change",
        "updates": "view",
        "escalate": "change",
    }

    @extend_schema(request=StatusReportSerializer, responses={201: StatusUpdateSerializer})
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """Report a status (a new status update row)."""
        initiative = self.get_object()
        data = StatusReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        update = _run(
            services.initiative_report_status,
            initiative=initiative,
            by=request.user,
            **data.validated_data,
        )
        return Response(StatusUpdateSerializer(update).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: StatusUpdateSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def updates(self, request, pk=None):
        """The initiative's full status history, newest first."""
        initiative = self.get_object()
        return Response(StatusUpdateSerializer(initiative.updates.all(), many=True).data)

    @extend_schema(request=EscalationInputSerializer, responses={201: EscalationOutSerializer})
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        initiative = self.get_object()
        data = EscalationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        escalation = _run(
            services.initiative_escalate,
            initiative=initiative,
            by=request.user,
            **data.validated_data,
        )
        return Response(_escalation_data(escalation), status=status.HTTP_201_CREATED)


class RiskViewSet(StarModelViewSet):
    """Risks of the risk logs with their latest assessment, trend and actions."""

    queryset = Risk.objects.select_related(
        "reform", "owner", "latest_assessment__assessed_by"
    ).prefetch_related(
        "indicators",
        "initiatives",
        Prefetch("actions", queryset=MitigationAction.objects.order_by("due_date", "pk")),
    )
    serializer_class = RiskSerializer
    filterset_class = RiskFilterSet
    ordering_fields = ["title", "next_review_date", "status"]
    ordering = ["reform__slug", "title", "id"]
    search_fields = ["title", "description", "cause"]
    permission_type_map = {
        **StarModelViewSet.permission_type_map,
        "assess": "change",
        "assessments": "view",
        "actions": "change",
        "escalate": "change",
    }

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "lookup": selectors.matrix_lookup()}

    @extend_schema(request=AssessInputSerializer, responses={201: AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        """Record an assessment (inherent and residual likelihood x impact, 1-5)."""
        risk = self.get_object()
        data = AssessInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assessment = _run(services.risk_assess, risk=risk, by=request.user, **data.validated_data)
        return Response(
            AssessmentSerializer(assessment, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={200: AssessmentHistorySerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def assessments(self, request, pk=None):
        risk = self.get_object()
        history = selectors.assessment_history(risk)
        context = self.get_serializer_context()
        return Response(
            [
                {**AssessmentSerializer(v.assessment, context=context).data, "trend": v.trend}
                for v in history
            ]
        )

    @extend_schema(request=MitigationActionSerializer, responses={201: MitigationActionSerializer})
    @action(detail=True, methods=["post"])
    def actions(self, request, pk=None):
        """Add a mitigation action (owner and due date required)."""
        risk = self.get_object()
        data = MitigationActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = _run(services.action_create, risk=risk, by=request.user, **data.validated_data)
        return Response(MitigationActionSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EscalationInputSerializer, responses={201: EscalationOutSerializer})
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        risk = self.get_object()
        data = EscalationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        escalation = _run(services.risk_escalate, risk=risk, by=request.user, **data.validated_data)
        return Response(_escalation_data(escalation), status=status.HTTP_201_CREATED)

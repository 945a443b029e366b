"""`grant-tranches` (CONTRACT §7): tranches of a reform's grant, STAR staff create them; each
tranche's `statuses/` per municipality (a job-centre manager sees only his own row)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api import ScopedViewSetMixin
from core.periods import format_period, parse_period
from indicators.models import Indicator
from reforms.models import GrantTranche, Reform

from . import selectors, services


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {"indicator": {"type": "string"}},
        "required": ["indicator"],
    }
)
class ConditionField(serializers.Field):
    """null or {"indicator": CODE} <-> GrantTranche.condition."""

    def to_representation(self, value):
        return {"indicator": value.code} if value is not None else None

    def to_internal_value(self, data):
        if data is None:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("indicator"), str):
            raise ValidationError('Betingelsen skal være null eller {"indicator": KODE}.')
        indicator = Indicator.objects.filter(code=data["indicator"]).first()
        if indicator is None:
            raise ValidationError(f"Ukendt indikator »{data['indicator']}«.")
        if indicator.milestone_threshold is None or not indicator.milestone_months:
            raise ValidationError(f"Indikatoren »{indicator.code}« har ingen milepæl.")
        return indicator


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-06"})
class MonthField(serializers.Field):
    def to_representation(self, value):
        return format_period(value)

    def to_internal_value(self, data):
        try:
            return parse_period(str(data))
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


class GrantTrancheSerializer(serializers.ModelSerializer):
    reform = serializers.SlugRelatedField(slug_field="slug", queryset=Reform.objects.all())
    due = MonthField()
    condition = ConditionField(required=False, allow_null=True)

    class Meta:
        model = GrantTranche
        fields = ["id", "reform", "name", "share", "due", "condition"]

    def create(self, validated_data):
        try:
            return services.grant_tranche_create(by=self.context["request"].user, **validated_data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc


class TrancheStatusSerializer(serializers.Serializer):
    municipality = serializers.IntegerField()
    status = serializers.ChoiceField(
        choices=[selectors.EARNED, selectors.NOT_EARNED, selectors.PENDING]
    )
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=False, allow_null=True
    )


class GrantTrancheViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = GrantTranche.objects.select_related("reform", "condition")
    serializer_class = GrantTrancheSerializer
    permission_type_map = {**ScopedViewSetMixin.permission_type_map, "statuses": "view"}

    def get_queryset(self):
        queryset = super().get_queryset()
        reform = self.request.query_params.get("reform")
        return queryset.filter(reform__slug=reform) if reform else queryset

    @extend_schema(
        parameters=[OpenApiParameter("reform", str, description="Reformens slug")],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=TrancheStatusSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="statuses")
    def statuses(self, request, pk=None):
        tranche = get_object_or_404(self.get_queryset(), pk=pk)
        user = request.user
        codes = [user.municipality_id] if getattr(user, "is_jobcentre", False) else None
        rows = [
            {"municipality": s.municipality, "status": s.status, "amount": s.amount}
            for s in selectors.tranche_statuses(tranche, codes)
        ]
        page = self.paginate_queryset(rows)
        if page is None:
            return Response(TrancheStatusSerializer(rows, many=True).data)
        return self.get_paginated_response(TrancheStatusSerializer(page, many=True).data)

"""API serializers of the plan and the risk log; writes go through the services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.validators import validate_single_line
from indicators.models import Indicator
from reforms.models import Office, Person, Reform

from . import selectors, services
from .models import Assessment, Initiative, MitigationAction, RagStatus, Risk, StatusUpdate


def _run(func, **kwargs):
    """Call a service; its Danish ValidationError becomes a DRF 400 with field errors."""
    try:
        return func(**kwargs)
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        detail = {("non_field_errors" if k == "__all__" else k): v for k, v in detail.items()}
        raise serializers.ValidationError(detail) from exc


class StatusUpdateSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = StatusUpdate
        fields = [
            "id",
            "created_at",
            "created_by",
            "content_status",
            "progress_status",
            "percent_complete",
            "text",
        ]
        read_only_fields = ["id", "created_at", "created_by"]


class InitiativeSerializer(serializers.ModelSerializer):
    reform = serializers.SlugRelatedField(slug_field="slug", queryset=Reform.objects.all())
    responsible_office = serializers.SlugRelatedField(
        slug_field="code", queryset=Office.objects.all()
    )
    responsible_person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), allow_null=True, required=False
    )
    indicators = serializers.SlugRelatedField(
        slug_field="code", queryset=Indicator.objects.all(), many=True, required=False
    )
    depends_on = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.all(), many=True, required=False
    )
    latest_update = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = Initiative
        fields = [
            "id",
            "reform",
            "title",
            "description",
            "responsible_office",
            "responsible_person",
            "lever_type",
            "indicators",
            "intention",
            "start_date",
            "end_date",
            "content_status",
            "progress_status",
            "status_reason",
            "percent_complete",
            "status_updated_at",
            "depends_on",
            "overdue",
            "latest_update",
            "created_at",
            "updated_at",
        ]
        # Status changes are status updates (rows): POST initiatives/{id}/status/.
        read_only_fields = [
            "content_status",
            "progress_status",
            "status_reason",
            "percent_complete",
            "status_updated_at",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(StatusUpdateSerializer(allow_null=True))
    def get_latest_update(self, obj):
        latest = obj.updates.first()
        return StatusUpdateSerializer(latest).data if latest else None

    def validate(self, attrs):
        # Model rules (dates, reason when not green) run in the service; keep DRF from
        # calling full_clean on a half-built instance.
        return attrs

    def create(self, validated_data):
        links = {k: validated_data.pop(k, []) for k in ("indicators", "depends_on")}
        return _run(
            services.initiative_create, by=self.context["request"].user, **validated_data, **links
        )

    def update(self, instance, validated_data):
        links = {k: validated_data.pop(k, None) for k in ("indicators", "depends_on")}
        validated_data.pop("reform", None)
        return _run(
            services.initiative_update,
            initiative=instance,
            by=self.context["request"].user,
            **validated_data,
            **links,
        )


class StatusReportSerializer(serializers.Serializer):
    content_status = serializers.ChoiceField(choices=RagStatus.choices)
    progress_status = serializers.ChoiceField(choices=RagStatus.choices)
    percent_complete = serializers.IntegerField(min_value=0, max_value=100)
    text = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentSerializer(serializers.ModelSerializer):
    assessed_by = serializers.CharField(source="assessed_by.username", read_only=True, default=None)
    inherent_level = serializers.SerializerMethodField()
    residual_level = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "inherent_likelihood",
            "inherent_impact",
            "inherent_level",
            "residual_likelihood",
            "residual_impact",
            "residual_level",
            "note",
            "assessed_at",
            "assessed_by",
        ]

    def _lookup(self):
        if "lookup" not in self.context:
            self.context["lookup"] = selectors.matrix_lookup()
        return self.context["lookup"]

    def get_inherent_level(self, obj) -> str | None:
        level = self._lookup().get((obj.inherent_likelihood, obj.inherent_impact))
        return level.code if level else None

    def get_residual_level(self, obj) -> str | None:
        level = self._lookup().get((obj.residual_likelihood, obj.residual_impact))
        return level.code if level else None


class AssessInputSerializer(serializers.Serializer):
    """Likelihood and impact outside the matrix are rejected by the service (Danish 400)."""

    inherent_likelihood = serializers.IntegerField()
    inherent_impact = serializers.IntegerField()
    residual_likelihood = serializers.IntegerField()
    residual_impact = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MitigationActionSerializer(serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        error_messages={
            "required": "En handling skal have en ansvarlig.",
            "null": "En handling skal have en ansvarlig.",
        },
    )
    due_date = serializers.DateField(
        error_messages={
            "required": "En handling skal have en frist.",
            "null": "En handling skal have en frist.",
        }
    )
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = MitigationAction
        fields = ["id", "action", "owner", "due_date", "status", "completed_on", "overdue"]
        read_only_fields = ["id", "completed_on"]


class EscalationInputSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=200, validators=[validate_single_line])
    cause = serializers.CharField(required=False, allow_blank=True, default="")
    proposal = serializers.CharField()


class RiskSerializer(serializers.ModelSerializer):
    reform = serializers.SlugRelatedField(slug_field="slug", queryset=Reform.objects.all())
    owner = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    indicators = serializers.SlugRelatedField(
        slug_field="code", queryset=Indicator.objects.all(), many=True, required=False
    )
    initiatives = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.all(), many=True, required=False
    )
    latest_assessment = AssessmentSerializer(read_only=True)
    trend = serializers.SerializerMethodField()
    review_overdue = serializers.BooleanField(read_only=True)
    actions = MitigationActionSerializer(many=True, read_only=True)

    class Meta:
        model = Risk
        fields = [
            "id",
            "reform",
            "title",
            "description",
            "cause",
            "consequence",
            "category",
            "owner",
            "status",
            "review_interval_days",
            "next_review_date",
            "review_overdue",
            "indicators",
            "initiatives",
            "latest_assessment",
            "trend",
            "actions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_trend(self, obj) -> str | None:
        trend = getattr(obj, "trend", "missing")
        if trend == "missing":
            trend = selectors.risk_trend(obj, self.context.get("lookup"))
        return trend

    def validate(self, attrs):
        return attrs

    def create(self, validated_data):
        links = {k: validated_data.pop(k, []) for k in ("indicators", "initiatives")}
        return _run(
            services.risk_create, by=self.context["request"].user, **validated_data, **links
        )

    def update(self, instance, validated_data):
        links = {k: validated_data.pop(k, None) for k in ("indicators", "initiatives")}
        validated_data.pop("reform", None)
        return _run(
            services.risk_update,
            risk=instance,
            by=self.context["request"].user,
            **validated_data,
            **links,
        )

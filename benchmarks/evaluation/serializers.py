"""API serializers of evaluations (field names are the models'; municipalities by code,
reforms and evaluations by slug)."""

from rest_framework import serializers

from indicators.models import Municipality
from reforms.models import Reform

from .models import (
    Evaluation,
    EvaluationArea,
    EvaluationAreaGroup,
    EvaluationCohort,
    EvaluationFramework,
    EvaluationPdf,
    EvaluationRound,
    EvaluationScore,
    EvaluationSite,
)


class PointsField(serializers.ListField):
    """Measurement points as a list of strings (stored one per line)."""

    child = serializers.CharField()

    def to_representation(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def to_internal_value(self, data):
        return "\n".join(p.strip() for p in super().to_internal_value(data) if p.strip())


class EvaluationAreaSerializer(serializers.ModelSerializer):
    measurement_points = PointsField(required=False)

    class Meta:
        model = EvaluationArea
        fields = [
            "id",
            "group",
            "name",
            "order",
            "description",
            "measurement_points",
            "scale_min",
            "scale_max",
            "scale_unit",
        ]

    def validate(self, attrs):
        low = attrs.get("scale_min", getattr(self.instance, "scale_min", 0))
        high = attrs.get("scale_max", getattr(self.instance, "scale_max", 100))
        if high <= low:
            raise serializers.ValidationError(
                {"scale_max": ["Skalaens maksimum skal være større end minimum."]}
            )
        return attrs


class EvaluationGroupSerializer(serializers.ModelSerializer):
    areas = EvaluationAreaSerializer(many=True, read_only=True)

    class Meta:
        model = EvaluationAreaGroup
        fields = ["id", "framework", "name", "order", "areas"]


class EvaluationFrameworkSerializer(serializers.ModelSerializer):
    groups = EvaluationGroupSerializer(many=True, read_only=True)

    class Meta:
        model = EvaluationFramework
        fields = ["id", "name", "description", "groups"]


class EvaluationSerializer(serializers.ModelSerializer):
    reform = serializers.SlugRelatedField(slug_field="slug", queryset=Reform.objects.all())

    class Meta:
        model = Evaluation
        fields = ["id", "slug", "name", "reform", "framework", "description"]


def _evaluation_field():
    return serializers.SlugRelatedField(slug_field="slug", queryset=Evaluation.objects.all())


class EvaluationCohortSerializer(serializers.ModelSerializer):
    evaluation = _evaluation_field()

    class Meta:
        model = EvaluationCohort
        fields = ["id", "evaluation", "name", "order", "description"]


class EvaluationSiteSerializer(serializers.ModelSerializer):
    evaluation = _evaluation_field()
    municipalities = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Municipality.objects.all()
    )

    class Meta:
        model = EvaluationSite
        fields = ["id", "evaluation", "cohort", "name", "started_on", "municipalities"]

    def validate(self, attrs):
        evaluation = attrs.get("evaluation", getattr(self.instance, "evaluation", None))
        cohort = attrs.get("cohort", getattr(self.instance, "cohort", None))
        if evaluation and cohort and cohort.evaluation_id != evaluation.pk:
            raise serializers.ValidationError(
                {"cohort": ["Kohorten hører til en anden evaluering."]}
            )
        return attrs


class EvaluationRoundSerializer(serializers.ModelSerializer):
    evaluation = _evaluation_field()
    label = serializers.CharField(read_only=True)

    class Meta:
        model = EvaluationRound
        fields = ["id", "evaluation", "number", "label", "held_on", "status", "description"]


class EvaluationScoreSerializer(serializers.ModelSerializer):
    """A site's score in one area and round; round, site and area are fixed once created."""

    class Meta:
        model = EvaluationScore
        fields = ["id", "round", "site", "area", "score", "comment", "updated_at"]
        read_only_fields = ["updated_at"]
        validators = []  # the service upserts (round, site, area)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list):
            for name in ("round", "site", "area"):
                self.fields[name].read_only = True


class EvaluationScoreImportSerializer(serializers.Serializer):
    site = serializers.IntegerField()
    file = serializers.FileField()


class EvaluationPdfOrderSerializer(serializers.Serializer):
    site = serializers.IntegerField(required=False, allow_null=True)


class EvaluationPdfSerializer(serializers.ModelSerializer):
    evaluation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = EvaluationPdf
        fields = ["id", "evaluation", "site", "status", "requested_at", "finished_at", "error"]

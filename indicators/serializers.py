"""API serializers of the indicators app."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.periods import format_period

from . import services
from .explanation import explain
from .groups import DEFAULT_BENEFIT_GROUP
from .models import (
    ComputationRun,
    Indicator,
    IndicatorValue,
    Measure,
    Municipality,
    MunicipalityCluster,
)
from .value_fields import HIDDEN_WHEN_SUPPRESSED, VALUE_FIELDS


class MunicipalitySerializer(serializers.ModelSerializer):
    region = serializers.IntegerField(source="region_id", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    cluster = serializers.SerializerMethodField()
    clusters = serializers.SerializerMethodField()

    class Meta:
        model = Municipality
        fields = [
            "code",
            "name",
            "region",
            "region_name",
            "rar",
            "population",
            "population_year",
            "cluster",
            "clusters",
        ]

    @extend_schema_field(serializers.CharField(allow_blank=True))
    def get_cluster(self, obj):
        """The cluster in the classification of all benefit groups ('' when none is loaded)."""
        return self.get_clusters(obj).get(DEFAULT_BENEFIT_GROUP, "")

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_clusters(self, obj):
        """{benefit group: cluster} of the loaded classifications ({} when none is loaded)."""
        return {c.group: c.cluster for c in obj.clusters.all()}


class MunicipalityClusterSerializer(serializers.ModelSerializer):
    municipality = serializers.IntegerField(source="municipality_id", read_only=True)

    class Meta:
        model = MunicipalityCluster
        fields = ["group", "municipality", "cluster"]


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = ["code", "name", "unit", "framework", "target_group", "source", "description"]


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {"threshold": {"type": "number"}, "months": {"type": "integer"}},
        "required": ["threshold", "months"],
    }
)
class MilestoneField(serializers.Field):
    """`null` or `{"threshold": 40, "months": 3}` <-> milestone_threshold/milestone_months."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        if data is None:
            return (True, {"milestone_threshold": None, "milestone_months": None})
        return super().validate_empty_values(data)

    def to_representation(self, instance):
        if instance.milestone_threshold is None or not instance.milestone_months:
            return None
        return {"threshold": instance.milestone_threshold, "months": instance.milestone_months}

    def to_internal_value(self, data):
        if not isinstance(data, dict) or set(data) != {"threshold", "months"}:
            raise serializers.ValidationError(
                _('Angiv null eller {"threshold": tal, "months": heltal}.')
            )
        try:
            threshold = float(data["threshold"])
        except (TypeError, ValueError):
            raise serializers.ValidationError(_("Tærsklen skal være et tal.")) from None
        months = data["months"]
        if isinstance(months, bool) or not isinstance(months, int) or months < 1:
            raise serializers.ValidationError(_("Antal måneder skal være et helt tal, mindst 1."))
        return {"milestone_threshold": threshold, "milestone_months": months}


class IndicatorSerializer(serializers.ModelSerializer):
    reform = serializers.SlugRelatedField(
        slug_field="slug",
        # The reform model through the model's foreign key: indicators imports nothing of reforms.
        queryset=Indicator._meta.get_field("reform").related_model.objects.all(),
        allow_null=True,
        required=False,
    )
    numerator = serializers.SlugRelatedField(slug_field="code", queryset=Measure.objects.all())
    denominator = serializers.SlugRelatedField(
        slug_field="code", queryset=Measure.objects.all(), allow_null=True, required=False
    )
    framework = serializers.SlugRelatedField(
        slug_field="code", queryset=Measure.objects.all(), many=True, required=False
    )
    milestone = MilestoneField()
    parent = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Indicator.objects.filter(target_group__isnull=True),
        allow_null=True,
        required=False,
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "kind",
            "reform",
            "numerator",
            "denominator",
            "scale",
            "direction",
            "unit",
            "framework",
            "milestone",
            "target_group",
            "parent",
            "benefit_group",
            "formula_description",
            "description",
        ]

    def validate(self, attrs):
        instance = self.instance

        def current(name, default=None):
            if name in attrs:
                return attrs[name]
            if instance is not None:
                value = getattr(instance, name)
                return list(value.all()) if name == "framework" else value
            return default

        errors = services.indicator_validate(
            numerator=current("numerator"),
            denominator=current("denominator"),
            scale=current("scale", 100.0),
            framework=current("framework", []),
            milestone_threshold=current("milestone_threshold"),
            milestone_months=current("milestone_months"),
            target_group=current("target_group"),
            parent=current("parent"),
            kind=current("kind"),
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class IndicatorValueSerializer(serializers.ModelSerializer):
    """A row of CONTRACT.md §7 `values`, with the explanation of the figure."""

    indicator = serializers.CharField(source="indicator.code")
    municipality = serializers.IntegerField(source="municipality_id")
    period = serializers.SerializerMethodField()
    milestone_reached = serializers.SerializerMethodField()
    formula = serializers.SerializerMethodField()
    numerator_measure = serializers.CharField(source="indicator.numerator.code")
    denominator_measure = serializers.CharField(
        source="indicator.denominator.code", default=None, allow_null=True
    )
    source = serializers.SerializerMethodField()
    data_as_of = serializers.SerializerMethodField()
    import_batch = serializers.IntegerField(source="import_batch_id", default=None, allow_null=True)
    computation_run = serializers.IntegerField(source="run_id", allow_null=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "municipality",
            "period",
            *VALUE_FIELDS,
            "cluster_value",
            "formula",
            "numerator_measure",
            "denominator_measure",
            "source",
            "data_as_of",
            "import_batch",
            "computation_run",
        ]
        read_only_fields = fields

    SUPPRESSED_NULLS = HIDDEN_WHEN_SUPPRESSED

    def get_period(self, obj) -> str:
        return format_period(obj.period)

    def get_milestone_reached(self, obj) -> str | None:
        return format_period(obj.milestone_reached) if obj.milestone_reached else None

    @staticmethod
    def _explanation(obj):
        """The row's explanation (indicators.explanation), built once per row."""
        if not hasattr(obj, "explanation_cache"):
            obj.explanation_cache = explain(obj.indicator, obj)
        return obj.explanation_cache

    def get_formula(self, obj) -> str:
        return self._explanation(obj).formula

    def get_source(self, obj) -> str:
        return self._explanation(obj).source

    def get_data_as_of(self, obj) -> str | None:
        as_of = self._explanation(obj).as_of
        return as_of.isoformat() if as_of else None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.suppressed:
            for key in self.SUPPRESSED_NULLS:
                data[key] = None
        return data


class ComputationRunSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(
        source="requested_by.username", default=None, allow_null=True
    )

    class Meta:
        model = ComputationRun
        fields = [
            "id",
            "status",
            "trigger",
            "requested_by",
            "periods",
            "progress",
            "rows_written",
            "rows_changed",
            "error",
            "task_id",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

"""API of follow-up cases (CONTRACT.md §7 `followups`), scoped like every municipal object:
STAR staff open and edit them, readers read all, a job-centre manager reads and comments on his
own municipality's (another municipality's answers 404)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import StarModelViewSet
from core.periods import format_period
from indicators.models import Indicator, Municipality

from ..models import FollowUp, FollowUpComment, Office, Person, Reform
from . import services
from .filtersets import FollowUpFilterSet


class FollowUpCommentSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()

    class Meta:
        model = FollowUpComment
        fields = ["id", "author", "text", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class FollowUpSerializer(serializers.ModelSerializer):
    municipality = serializers.PrimaryKeyRelatedField(queryset=Municipality.objects.all())
    reform = serializers.SlugRelatedField(slug_field="slug", queryset=Reform.objects.all())
    indicator = serializers.SlugRelatedField(
        slug_field="code", queryset=Indicator.objects.all(), required=False, allow_null=True
    )
    owner_person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    owner_office = serializers.SlugRelatedField(
        slug_field="code", queryset=Office.objects.all(), required=False, allow_null=True
    )
    period = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    comments = FollowUpCommentSerializer(many=True, read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "municipality",
            "reform",
            "kind",
            "status",
            "title",
            "description",
            "source",
            "indicator",
            "period",
            "owner_person",
            "owner_office",
            "next_step",
            "due",
            "overdue",
            "snapshot",
            "closed_at",
            "created_at",
            "comments",
        ]
        read_only_fields = ["snapshot", "closed_at", "created_at"]

    def get_period(self, followup) -> str | None:
        """The month of the snapshotted figures, `YYYY-MM`."""
        return format_period(followup.period) if followup.period else None

    def get_overdue(self, followup) -> bool:
        return followup.is_overdue()

    def validate(self, attrs):
        if self.instance is not None:
            fixed = {"municipality", "reform", "indicator", "source"} & set(attrs)
            changed = [f for f in fixed if attrs[f] != getattr(self.instance, f)]
            if changed:
                raise serializers.ValidationError(
                    dict.fromkeys(changed, "Kan ikke ændres efter oprettelsen.")
                )
            for name in fixed:
                attrs.pop(name, None)
        return attrs

    def create(self, validated_data):
        return services.followup_open(by=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        return services.followup_update(
            followup=instance, by=self.context["request"].user, **validated_data
        )


class FollowUpViewSet(StarModelViewSet):
    """Follow-up cases: `?reform=slug&municipality=751&status=open&kind=visit&overdue=true`;
    POST `{id}/comments/` adds a comment (STAR staff, the municipality's job-centre manager)."""

    queryset = FollowUp.objects.select_related(
        "reform", "municipality", "indicator", "owner_person", "owner_office"
    ).prefetch_related("comments__author")
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilterSet
    ordering_fields = ["due", "created_at", "status"]
    permission_type_map = {**StarModelViewSet.permission_type_map, "comments": "comment"}

    @extend_schema(request=FollowUpCommentSerializer, responses={201: FollowUpCommentSerializer})
    @action(detail=True, methods=["post"], serializer_class=FollowUpCommentSerializer)
    def comments(self, request, pk=None):
        followup = self.get_object()
        data = FollowUpCommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.followup_comment(
            followup=followup, by=request.user, text=data.validated_data["text"]
        )
        return Response(FollowUpCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

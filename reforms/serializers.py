"""API serializers of the reforms app. Writes go through services or `full_clean`, so the
API enforces the same rules as the pages (bad input: JSON 400, nothing saved)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import AKasse
from core.services import model_save, model_update
from indicators.models import Indicator, Municipality

from . import selectors, track
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
from .services import DECISIONS, escalation_raise, question_ask, reform_create


class CleanModelSerializer(serializers.ModelSerializer):
    """Runs the model's full_clean (clean() and constraints) before saving."""

    def create(self, validated_data):
        many = {
            k: validated_data.pop(k)
            for k in list(validated_data)
            if self.Meta.model._meta.get_field(k).many_to_many
        }
        instance = model_save(self.Meta.model(**validated_data))
        for key, value in many.items():
            getattr(instance, key).set(value)
        return instance

    def update(self, instance, validated_data):
        many = {
            k: validated_data.pop(k)
            for k in list(validated_data)
            if self.Meta.model._meta.get_field(k).many_to_many
        }
        model_update(instance=instance, data=validated_data)
        for key, value in many.items():
            getattr(instance, key).set(value)
        return instance


def _reform_field(**kwargs):
    return serializers.SlugRelatedField(slug_field="slug", queryset=Reform.objects.all(), **kwargs)


class ChecklistItemSerializer(CleanModelSerializer):
    reform = _reform_field(write_only=True, required=False)
    phase_kind = serializers.CharField(source="phase.kind", read_only=True)
    # The guide's own activities carry a slug; items added by hand have "" (blank). A plain
    # read-only string, so the schema does not promise a slug pattern that "" cannot match.
    code = serializers.CharField(read_only=True)

    class Meta:
        model = ChecklistItem
        fields = [
            "id",
            "reform",
            "phase",
            "phase_kind",
            "code",
            "title",
            "responsible_office",
            "responsible_person",
            "due_date",
            "done",
            "done_at",
            "note",
            "evidence_url",
        ]
        read_only_fields = ["code", "done_at"]

    def validate(self, attrs):
        reform = attrs.pop("reform", None)
        phase = attrs.get("phase") or getattr(self.instance, "phase", None)
        if reform is not None and phase is not None and phase.reform_id != reform.pk:
            raise serializers.ValidationError({"phase": _("Fasen hører til en anden reform.")})
        return attrs


class PhaseSerializer(CleanModelSerializer):
    name = serializers.CharField(source="get_kind_display", read_only=True)
    checklist_total = serializers.SerializerMethodField()
    checklist_done = serializers.SerializerMethodField()

    class Meta:
        model = Phase
        fields = [
            "id",
            "kind",
            "name",
            "order",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "status",
            "checklist_total",
            "checklist_done",
        ]
        read_only_fields = ["kind", "order"]

    def get_checklist_total(self, phase) -> int:
        return len(phase.checklist.all())

    def get_checklist_done(self, phase) -> int:
        return sum(1 for item in phase.checklist.all() if item.done)


class WarningSerializer(serializers.Serializer):
    """A broken (`error`) or threatened (`warning`) rule of the reform."""

    code = serializers.CharField()
    level = serializers.ChoiceField(choices=["warning", "error"])
    text = serializers.CharField()


class TrackReasonSerializer(serializers.Serializer):
    """Why the reform is (not) på sporet: source, level and words (worst first)."""

    kind = serializers.ChoiceField(choices=list(track.KINDS))
    level = serializers.ChoiceField(choices=list(track.LEVELS))
    text = serializers.CharField()


class ReformSerializer(CleanModelSerializer):
    responsible_office = serializers.SlugRelatedField(
        slug_field="code", queryset=Office.objects.all(), required=False, allow_null=True
    )
    impl_contact = serializers.SlugRelatedField(
        slug_field="email", queryset=Person.objects.all(), required=False, allow_null=True
    )
    phases = PhaseSerializer(many=True, read_only=True)
    current_phase = serializers.SerializerMethodField()
    traffic_light = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    track_status = serializers.SerializerMethodField()
    track_reasons = serializers.SerializerMethodField()

    class Meta:
        model = Reform
        fields = [
            "id",
            "slug",
            "name",
            "short_description",
            "intentions",
            "law_reference",
            "law_in_force",
            "responsible_office",
            "impl_contact",
            "complexity",
            "status",
            "reply_deadline_days",
            "phases",
            "current_phase",
            "traffic_light",
            "warnings",
            "track_status",
            "track_reasons",
        ]

    def _status(self, reform):
        cache = self.context.setdefault("_status", {})
        if reform.pk not in cache:
            cache[reform.pk] = selectors.reform_status(reform)
        return cache[reform.pk]

    def get_current_phase(self, reform) -> str | None:
        phase = self._status(reform)["phase"]
        return phase.kind if phase else None

    def get_traffic_light(self, reform) -> str:
        return self._status(reform)["light"]

    @extend_schema_field(WarningSerializer(many=True))
    def get_warnings(self, reform):
        return [
            {"code": w.code, "level": w.level, "text": w.text}
            for w in self._status(reform)["warnings"]
        ]

    @extend_schema_field(serializers.ChoiceField(choices=list(track.STATUSES)))
    def get_track_status(self, reform) -> str:
        return self._status(reform)["track"].status

    @extend_schema_field(TrackReasonSerializer(many=True))
    def get_track_reasons(self, reform):
        return self._status(reform)["track"].reasons_as_dicts()

    def create(self, validated_data):
        return reform_create(by=self.context["request"].user, **validated_data)


class GroupMemberSerializer(CleanModelSerializer):
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), required=False, allow_null=True
    )
    akasse = serializers.SlugRelatedField(
        slug_field="code", queryset=AKasse.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = GroupMember
        fields = ["id", "group", "person", "municipality", "akasse", "role"]
        # Person or municipality: the duplicate checks below and full_clean replace DRF's
        # unique-together validators (which would make both fields required).
        validators = []

    def validate(self, attrs):
        group = attrs.get("group") or getattr(self.instance, "group", None)
        person = attrs.get("person", getattr(self.instance, "person", None))
        municipality = attrs.get("municipality", getattr(self.instance, "municipality", None))
        akasse = attrs.get("akasse", getattr(self.instance, "akasse", None))
        others = GroupMember.objects.filter(group=group)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if person and others.filter(person=person).exists():
            raise serializers.ValidationError(
                {"person": _("%(who)s er allerede medlem af gruppen.") % {"who": person}}
            )
        if municipality and others.filter(municipality=municipality).exists():
            raise serializers.ValidationError(
                {
                    "municipality": _("%(who)s er allerede medlem af gruppen.")
                    % {"who": municipality}
                }
            )
        if akasse and others.filter(akasse=akasse).exists():
            raise serializers.ValidationError(
                {"akasse": _("%(who)s er allerede medlem af gruppen.") % {"who": akasse}}
            )
        return attrs


class GroupSerializer(CleanModelSerializer):
    reform = _reform_field()
    members = GroupMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Group
        fields = [
            "id",
            "reform",
            "kind",
            "name",
            "region",
            "responsible_office",
            "description",
            "members",
        ]

    def validate(self, attrs):
        reform = attrs.get("reform") or getattr(self.instance, "reform", None)
        kind = attrs.get("kind") or getattr(self.instance, "kind", None)
        region = attrs["region"] if "region" in attrs else getattr(self.instance, "region", None)
        others = Group.objects.filter(reform=reform, kind=kind)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        # One steering, implementation and communication group; networks one per region.
        if kind in Group.ONE_PER_REFORM and others.exists():
            raise serializers.ValidationError({"kind": _("Reformen har allerede denne gruppe.")})
        if kind in Group.MUNICIPAL and region is not None and others.filter(region=region).exists():
            raise serializers.ValidationError(
                {"region": _("Reformen har allerede et netværk af den type i regionen.")}
            )
        return attrs


class ActionItemSerializer(CleanModelSerializer):
    class Meta:
        model = ActionItem
        fields = ["id", "meeting", "text", "owner", "due_date", "status"]


class MeetingSerializer(CleanModelSerializer):
    reform = serializers.SlugRelatedField(source="group.reform", slug_field="slug", read_only=True)
    action_items = ActionItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "group",
            "reform",
            "starts_at",
            "title",
            "location",
            "agenda",
            "minutes",
            "decisions",
            "action_items",
        ]


class EscalationSerializer(CleanModelSerializer):
    reform = _reform_field()
    indicator = serializers.SlugRelatedField(
        slug_field="code", queryset=Indicator.objects.all(), required=False, allow_null=True
    )
    proposed_by = serializers.CharField(source="proposed_by.username", read_only=True)
    decided_by = serializers.CharField(
        source="decided_by.username", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Escalation
        fields = [
            "id",
            "reform",
            "subject",
            "cause",
            "proposal",
            "indicator",
            "proposed_by",
            "status",
            "decision_text",
            "decided_at",
            "decided_by",
            "created_at",
        ]
        read_only_fields = ["status", "decision_text", "decided_at", "created_at"]

    def validate(self, attrs):
        indicator = attrs.get("indicator")
        reform = attrs.get("reform") or getattr(self.instance, "reform", None)
        if indicator and indicator.reform_id not in (None, reform.pk):
            raise serializers.ValidationError(
                {"indicator": _("Indikatoren hører til en anden reform.")}
            )
        if self.instance is not None and not self.instance.is_open:
            raise serializers.ValidationError(
                {"detail": _("En besluttet eskalering kan ikke ændres.")}
            )
        return attrs

    def create(self, validated_data):
        return escalation_raise(by=self.context["request"].user, **validated_data)


class EscalationDecisionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[(s.value, s.label) for s in DECISIONS])
    decision_text = serializers.CharField()
    decided_at = serializers.DateField(required=False, allow_null=True)


class CommunicationItemSerializer(CleanModelSerializer):
    reform = _reform_field()

    class Meta:
        model = CommunicationItem
        fields = [
            "id",
            "reform",
            "message",
            "audience",
            "to_akasser",
            "purpose",
            "channel",
            "timing",
            "responsible",
            "status",
        ]


class ImplementabilityItemSerializer(CleanModelSerializer):
    reform = _reform_field()
    municipalities = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), many=True, required=False
    )

    class Meta:
        model = ImplementabilityItem
        fields = [
            "id",
            "reform",
            "initiative",
            "difficulty",
            "reasons",
            "workshop_date",
            "municipalities",
        ]


class LeverSerializer(CleanModelSerializer):
    reform = _reform_field()

    class Meta:
        model = Lever
        fields = [
            "id",
            "reform",
            "type",
            "name",
            "description",
            "phase",
            "target_group",
            "used_share",
            "top3_share",
            "evidence",
            "source",
        ]


class QuestionSerializer(CleanModelSerializer):
    reform = serializers.SlugRelatedField(slug_field="slug", queryset=Reform.objects.all())
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), required=False, allow_null=True
    )
    akasse = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "id",
            "reform",
            "municipality",
            "akasse",
            "subject",
            "text",
            "deadline",
            "status",
            "overdue",
            "answer",
            "answered_at",
            "published",
            "created_at",
        ]
        read_only_fields = [
            "deadline",
            "status",
            "answer",
            "answered_at",
            "published",
            "created_at",
        ]

    def get_overdue(self, question) -> bool:
        return question.is_overdue()

    def create(self, validated_data):
        return question_ask(by=self.context["request"].user, **validated_data)


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()
    published = serializers.BooleanField(default=False)


class OfficeSerializer(CleanModelSerializer):
    class Meta:
        model = Office
        fields = ["id", "code", "name", "kind"]


class PersonSerializer(CleanModelSerializer):
    office = serializers.SlugRelatedField(
        slug_field="code", queryset=Office.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Person
        fields = ["id", "name", "email", "office"]

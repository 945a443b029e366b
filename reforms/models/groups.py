"""A reform's groups, networks and forums: members, meetings, action items, and the escalations
the implementation group raises to the steering group."""

import rules
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.rules import is_steering
from core.fields import SingleLineCharField
from core.formatting import da_date
from core.models import TimeStampedModel

from .organisation import STAR_RULES, Office, Person
from .reform import Reform


@rules.predicate
def sits_in_steering_group(user, escalation):
    """True when user's person is a member of the escalation's reform's styregruppe."""
    if escalation is None:
        return False
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return False
    return GroupMember.objects.filter(
        group__reform_id=escalation.reform_id, group__kind=Group.Kind.STEERING, person=person
    ).exists()


#: Who decides an escalation: steering-group members (the role, or a seat in the reform's
#: styregruppe). Staff propose; they do not decide.
can_decide_escalation = is_steering | sits_in_steering_group


class Group(TimeStampedModel):
    """A group of a reform (guide §2.2): steering, implementation or communication group (one
    of each), or any number of networks and forums (a kommunenetværk per region, AMK team-leader
    networks, BER, Implementeringsforum), all with members, meetings, decisions and actions."""

    class Kind(models.TextChoices):
        STEERING = "steering", _("Styregruppe")
        IMPLEMENTATION = "implementation", _("Implementeringsgruppe")
        COMMUNICATION = "communication", _("Kommunikationsgruppe")
        NETWORK = "network", _("Kommunenetværk")
        TEAM_LEADERS = "team_leaders", _("AMK-teamledernetværk")
        BER = "ber", _("Beskæftigelsesrådet (BER)")
        FORUM = "forum", _("Implementeringsforum")

    #: Kinds a reform has at most one of (the internal groups of the guide).
    ONE_PER_REFORM = (Kind.STEERING, Kind.IMPLEMENTATION, Kind.COMMUNICATION)
    #: Networks and forums: several per reform.
    NETWORKS = (Kind.NETWORK, Kind.TEAM_LEADERS, Kind.BER, Kind.FORUM)
    #: Kinds whose members may be municipalities (job centres take part).
    MUNICIPAL = (Kind.NETWORK, Kind.TEAM_LEADERS)
    #: Kinds whose members may be a-kasser: every network and forum (guide §1–2: the
    #: a-kasser implement the reforms beside the municipalities).
    AKASSE = NETWORKS

    reform = models.ForeignKey(
        Reform, on_delete=models.CASCADE, related_name="groups", verbose_name=_("reform")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = SingleLineCharField(_("navn"), max_length=200, blank=True)
    responsible_office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("ansvarligt kontor"),
    )
    description = models.TextField(_("opgave"), blank=True)
    region = models.ForeignKey(
        "indicators.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("region"),
        help_text=_("For et kommunenetværk eller teamledernetværk pr. region."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gruppe")
        verbose_name_plural = _("grupper")
        ordering = ["reform", "kind", "name"]
        rules_permissions = STAR_RULES
        constraints = [
            models.UniqueConstraint(
                fields=["reform", "kind"],
                condition=models.Q(kind__in=["steering", "implementation", "communication"]),
                name="group_one_kind_per_reform",
            ),
            models.UniqueConstraint(
                fields=["reform", "kind", "region"],
                condition=models.Q(kind__in=["network", "team_leaders"], region__isnull=False),
                name="network_once_per_region",
                violation_error_message=_(
                    "Reformen har allerede et netværk af den type i regionen."
                ),
            ),
        ]

    def __str__(self):
        return self.name or f"{self.get_kind_display()} – {self.reform}"

    def get_absolute_url(self):
        return reverse("reforms:group_detail", args=[self.pk])

    @property
    def is_network(self):
        return self.kind in self.NETWORKS

    def clean(self):
        super().clean()
        if self.region_id and self.kind not in self.MUNICIPAL:
            raise ValidationError(
                {"region": _("Kun kommunenetværk og teamledernetværk hører til en region.")}
            )


class GroupMember(TimeStampedModel):
    """A member of a group: a STAR person, a municipality (in a municipal network) or an
    a-kasse (in a network or forum)."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="members", verbose_name=_("gruppe")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("person"),
    )
    municipality = models.ForeignKey(
        "indicators.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_memberships",
        verbose_name=_("kommune"),
    )
    akasse = models.ForeignKey(
        "accounts.AKasse",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_memberships",
        verbose_name=_("a-kasse"),
    )
    role = models.CharField(_("rolle i gruppen"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gruppemedlem")
        verbose_name_plural = _("gruppemedlemmer")
        rules_permissions = STAR_RULES
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="member_person_once"),
            models.UniqueConstraint(
                fields=["group", "municipality"], name="member_municipality_once"
            ),
            models.UniqueConstraint(fields=["group", "akasse"], name="member_akasse_once"),
            models.CheckConstraint(
                condition=(
                    models.Q(person__isnull=False, municipality__isnull=True, akasse__isnull=True)
                    | models.Q(person__isnull=True, municipality__isnull=False, akasse__isnull=True)
                    | models.Q(person__isnull=True, municipality__isnull=True, akasse__isnull=False)
                ),
                name="member_is_person_municipality_or_akasse",
                violation_error_message=_(
                    "Et medlem er enten en person, en kommune eller en a-kasse."
                ),
            ),
        ]

    def __str__(self):
        return str(self.person or self.municipality or self.akasse)

    def get_absolute_url(self):
        return self.group.get_absolute_url()

    def clean(self):
        super().clean()
        chosen = [f for f in (self.person_id, self.municipality_id, self.akasse_id) if f]
        if len(chosen) > 1:
            raise ValidationError(_("Et medlem er enten en person, en kommune eller en a-kasse."))
        if not chosen:
            raise ValidationError(_("Vælg en person, en kommune eller en a-kasse."))
        if self.municipality_id and self.group_id and self.group.kind not in Group.MUNICIPAL:
            raise ValidationError(
                {
                    "municipality": _(
                        "Kun kommunenetværk og teamledernetværk kan have kommuner som medlemmer."
                    )
                }
            )
        if self.akasse_id and self.group_id and self.group.kind not in Group.AKASSE:
            raise ValidationError(
                {"akasse": _("Kun netværk og fora kan have a-kasser som medlemmer.")}
            )


class Meeting(TimeStampedModel):
    """A meeting of a group, with agenda, minutes and decisions."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("gruppe")
    )
    starts_at = models.DateTimeField(_("tidspunkt"))
    title = SingleLineCharField(_("titel"), max_length=200, blank=True)
    location = models.CharField(_("sted"), max_length=200, blank=True)
    agenda = models.TextField(_("dagsorden"), blank=True)
    minutes = models.TextField(_("referat"), blank=True)
    decisions = models.TextField(_("beslutninger"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        ordering = ["-starts_at"]
        rules_permissions = STAR_RULES

    def __str__(self):
        return self.title or f"{self.group} {da_date(self.starts_at)}"

    def get_absolute_url(self):
        return reverse("reforms:meeting_detail", args=[self.pk])


class ActionItem(TimeStampedModel):
    """An action agreed at a meeting: what, who, by when, and whether it is done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        DONE = "done", _("Udført")
        CANCELLED = "cancelled", _("Annulleret")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("møde")
    )
    text = models.CharField(_("opgave"), max_length=300)
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("ansvarlig"),
    )
    due_date = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opfølgningspunkt")
        verbose_name_plural = _("opfølgningspunkter")
        ordering = ["due_date", "pk"]
        rules_permissions = STAR_RULES

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()


class Escalation(TimeStampedModel):
    """A proposal from the implementation group to the steering group when progress is missing,
    and the steering group's decision."""

    class Status(models.TextChoices):
        OPEN = "open", _("Afventer beslutning")
        APPROVED = "approved", _("Godkendt")
        REJECTED = "rejected", _("Afvist")
        CHANGED = "changed", _("Godkendt med ændringer")

    reform = models.ForeignKey(
        Reform, on_delete=models.CASCADE, related_name="escalations", verbose_name=_("reform")
    )
    subject = SingleLineCharField(_("emne"), max_length=200)
    cause = models.TextField(_("årsag"), blank=True)
    proposal = models.TextField(_("forslag til handling"))
    proposed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="escalations_raised",
        verbose_name=_("foreslået af"),
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("indikator"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decision_text = models.TextField(_("beslutning"), blank=True)
    decided_at = models.DateField(_("besluttet den"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations_decided",
        verbose_name=_("besluttet af"),
    )
    raised_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("eskalering")
        verbose_name_plural = _("eskaleringer")
        ordering = ["-created_at"]
        rules_permissions = {**STAR_RULES, "decide": can_decide_escalation}

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("reforms:escalation_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

"""Reforms and their four phases (the core other apps link to); STAR's offices and people.

Concerns with models of their own are modules beside it (`followups.py`, `public.py`, `track.py`).
"""

import rules
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.rules import (
    can_read_organisational,
    is_akasse,
    is_authenticated,
    is_jobcentre,
    is_star_admin,
    is_star_reader,
    is_star_staff,
    is_steering,
)
from core.fields import SingleLineCharField
from core.formatting import da_date
from core.levers import LeverType
from core.models import TimeStampedModel


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

#: STAR-internal objects: readers see, staff edit, administrators delete.
STAR_RULES = {
    "view": is_star_reader,
    "add": is_star_staff,
    "change": is_star_staff,
    "delete": is_star_staff,
}


class Office(TimeStampedModel):
    """An office or unit of STAR or the ministry (IMPL, a reform office, an AMK, DOS, VOA...)."""

    class Kind(models.TextChoices):
        IMPL = "impl", _("Implementeringskontoret (IMPL)")
        REFORM_OFFICE = "reform_office", _("Reformkontor")
        AMK = "amk", _("Arbejdsmarkedskontor (AMK)")
        DOS = "dos", _("DOS")
        VOA = "voa", _("VOA")
        OER = "oer", _("ØR")
        DEPARTMENT = "department", _("Departementet")
        OTHER = "other", _("Andet")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = SingleLineCharField(_("navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontor")
        verbose_name_plural = _("kontorer")
        ordering = ["name"]
        rules_permissions = STAR_RULES

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reforms:office_detail", args=[self.pk])


class Person(TimeStampedModel):
    """A person at STAR or the ministry who can be a member, owner or contact."""

    name = SingleLineCharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"), unique=True)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("kontor"),
    )
    user = models.OneToOneField(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("bruger"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]
        rules_permissions = STAR_RULES

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reforms:person_detail", args=[self.pk])


#: Words used by fixed URLs under /reforms/ that a reform's slug may not take.
RESERVED_SLUGS = {
    "new",
    "escalations",
    "levers",
    "questions",
    "groups",
    "members",
    "meetings",
    "actions",
    "phases",
    "checklist",
    "communication",
    "implementability",
    "organisation",
    # risklog's words under /reforms/ (plan and risk log pages live under a reform's slug)
    "initiatives",
    "risks",
    "plan",
    # the public page's milestones and documents
    "milestones",
    "documents",
}


class Reform(TimeStampedModel):
    """A labour-market reform STAR implements in the municipalities."""

    class Complexity(models.TextChoices):
        SIMPLE = "simple", _("Enkel (kommunikationsgruppe)")
        COMPLEX = "complex", _("Kompleks (implementeringsgruppe)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Under forberedelse")
        ACTIVE = "active", _("Aktiv")
        COMPLETED = "completed", _("Afsluttet")
        CANCELLED = "cancelled", _("Opgivet")

    name = SingleLineCharField(_("navn"), max_length=200, unique=True)
    slug = models.SlugField(_("kort navn (URL)"), max_length=80, unique=True)
    short_description = models.CharField(_("kort beskrivelse"), max_length=400, blank=True)
    intentions = models.TextField(_("politiske intentioner"), blank=True)
    law_reference = models.CharField(_("lovgrundlag"), max_length=300, blank=True)
    law_in_force = models.DateField(_("loven træder i kraft"), null=True, blank=True)
    responsible_office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reforms",
        verbose_name=_("ansvarligt reformkontor"),
    )
    impl_contact = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="impl_reforms",
        verbose_name=_("kontaktperson i IMPL"),
    )
    complexity = models.CharField(
        _("kompleksitet"), max_length=10, choices=Complexity.choices, default=Complexity.COMPLEX
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    reply_deadline_days = models.PositiveSmallIntegerField(
        _("svarfrist for spørgsmål (dage)"), default=14
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reform")
        verbose_name_plural = _("reformer")
        ordering = ["name"]
        rules_permissions = {
            **STAR_RULES,
            "delete": is_star_admin,
            # The reformside: every logged-in user, job-centre managers included.
            "view_page": is_authenticated,
            "ask": is_star_staff | is_jobcentre,
        }

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reforms:detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _("»%(slug)s« er reserveret; vælg et andet kort navn.")
                    % {"slug": self.slug}
                }
            )


class Phase(TimeStampedModel):
    """One of the four phases every reform goes through (guide §2)."""

    class Kind(models.TextChoices):
        PREPARE = "prepare", _("Forberede implementering")
        PLAN = "plan", _("Planlægge implementering")
        INITIAL = "initial", _("Indledende implementering")
        FINAL = "final", _("Afsluttende implementering")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Ikke startet")
        IN_PROGRESS = "in_progress", _("I gang")
        DONE = "done", _("Afsluttet")

    ORDER = {Kind.PREPARE: 1, Kind.PLAN: 2, Kind.INITIAL: 3, Kind.FINAL: 4}

    reform = models.ForeignKey(
        Reform, on_delete=models.CASCADE, related_name="phases", verbose_name=_("reform")
    )
    kind = models.CharField(_("fase"), max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), editable=False)
    planned_start = models.DateField(_("planlagt start"), null=True, blank=True)
    planned_end = models.DateField(_("planlagt slut"), null=True, blank=True)
    actual_start = models.DateField(_("faktisk start"), null=True, blank=True)
    actual_end = models.DateField(_("faktisk slut"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fase")
        verbose_name_plural = _("faser")
        ordering = ["reform", "order"]
        rules_permissions = {**STAR_RULES, "add": is_star_admin, "delete": is_star_admin}
        constraints = [
            models.UniqueConstraint(fields=["reform", "kind"], name="phase_unique_per_reform")
        ]

    def __str__(self):
        return f"{self.reform}: {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("reforms:detail", args=[self.reform.slug]) + f"#fase-{self.kind}"

    @property
    def start(self):
        """When the phase started, or is planned to."""
        return self.actual_start or self.planned_start

    def save(self, *args, **kwargs):
        self.order = self.ORDER[self.kind]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("Planlagt slut kan ikke ligge før planlagt start.")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = _("Faktisk slut kan ikke ligge før faktisk start.")
        if errors:
            raise ValidationError(errors)


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
    """A member of a group: a STAR person, or (in a municipal network) a municipality."""

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
            models.CheckConstraint(
                condition=(
                    models.Q(person__isnull=False, municipality__isnull=True)
                    | models.Q(person__isnull=True, municipality__isnull=False)
                ),
                name="member_is_person_or_municipality",
                violation_error_message=_("Et medlem er enten en person eller en kommune."),
            ),
        ]

    def __str__(self):
        return str(self.person or self.municipality)

    def get_absolute_url(self):
        return self.group.get_absolute_url()

    def clean(self):
        super().clean()
        if self.person_id and self.municipality_id:
            raise ValidationError(_("Et medlem er enten en person eller en kommune."))
        if not self.person_id and not self.municipality_id:
            raise ValidationError(_("Vælg en person eller en kommune."))
        if self.municipality_id and self.group_id and self.group.kind not in Group.MUNICIPAL:
            raise ValidationError(
                {
                    "municipality": _(
                        "Kun kommunenetværk og teamledernetværk kan have kommuner som medlemmer."
                    )
                }
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


class ChecklistItem(TimeStampedModel):
    """An activity of a phase (seeded from the guide's activities; staff add their own)."""

    phase = models.ForeignKey(
        Phase, on_delete=models.CASCADE, related_name="checklist", verbose_name=_("fase")
    )
    code = models.SlugField(
        _("kode"),
        max_length=60,
        blank=True,
        help_text=_("Sat for guidens egne aktiviteter, som advarslerne genkender."),
    )
    title = SingleLineCharField(_("aktivitet"), max_length=300)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=100)
    responsible_office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklist_items",
        verbose_name=_("ansvarligt kontor"),
    )
    responsible_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklist_items",
        verbose_name=_("ansvarlig person"),
    )
    due_date = models.DateField(_("frist"), null=True, blank=True)
    done = models.BooleanField(_("udført"), default=False)
    done_at = models.DateField(_("udført den"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence_url = models.URLField(_("link til dokumentation"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tjeklistepunkt")
        verbose_name_plural = _("tjeklistepunkter")
        ordering = ["phase__order", "position", "pk"]
        rules_permissions = STAR_RULES
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "code"],
                condition=~models.Q(code=""),
                name="checklist_code_once_per_phase",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reforms:detail", args=[self.phase.reform.slug]) + f"#fase-{self.phase.kind}"

    @property
    def reform(self):
        return self.phase.reform


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


class ImplementabilityItem(TimeStampedModel):
    """One initiative examined in the implementability analysis, rated 1 (easy) to 5 (hard)."""

    reform = models.ForeignKey(
        Reform,
        on_delete=models.CASCADE,
        related_name="implementability",
        verbose_name=_("reform"),
    )
    initiative = models.CharField(_("initiativ"), max_length=300)
    difficulty = models.PositiveSmallIntegerField(
        _("sværhedsgrad (1-5)"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = let at implementere, 5 = meget svært."),
    )
    reasons = models.TextField(_("begrundelse"), blank=True)
    workshop_date = models.DateField(_("workshopdato"), null=True, blank=True)
    municipalities = models.ManyToManyField(
        "indicators.Municipality",
        blank=True,
        related_name="implementability_workshops",
        verbose_name=_("deltagende kommuner"),
    )
    history = HistoricalRecords(m2m_fields=[municipalities])

    class Meta:
        verbose_name = _("implementerbarhedsvurdering")
        verbose_name_plural = _("implementerbarhedsanalyse")
        ordering = ["-difficulty", "initiative"]
        rules_permissions = STAR_RULES

    def __str__(self):
        return self.initiative

    def get_absolute_url(self):
        return reverse("reforms:implementability_list", args=[self.reform.slug])


class CommunicationItem(TimeStampedModel):
    """A line of the kommunikationsplan: which message goes to whom, why, how and when."""

    class Channel(models.TextChoices):
        NETWORK_MEETING = "network_meeting", _("Netværksmøde")
        WEB = "web", _("Hjemmeside / reformside")
        NEWSLETTER = "newsletter", _("Nyhedsbrev")
        LEAFLET = "leaflet", _("Pjece")
        LETTER = "letter", _("Brev / e-mail")
        CONFERENCE = "conference", _("Konference / temadag")
        VISIT = "visit", _("Jobcenterbesøg")
        OTHER = "other", _("Andet")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        IN_PROGRESS = "in_progress", _("Under udarbejdelse")
        DONE = "done", _("Gennemført")
        CANCELLED = "cancelled", _("Aflyst")

    reform = models.ForeignKey(
        Reform, on_delete=models.CASCADE, related_name="communication", verbose_name=_("reform")
    )
    message = models.CharField(_("budskab"), max_length=300)
    audience = models.CharField(_("målgruppe"), max_length=200)
    to_akasser = models.BooleanField(
        _("a-kasserne i målgruppen"),
        default=False,
        help_text=_(
            "A-kasserne er med i målgruppen; budskabet går til hver a-kasses adresse til "
            "kommunikation."
        ),
    )
    purpose = models.CharField(_("formål"), max_length=300, blank=True)
    channel = models.CharField(
        _("kanal"), max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    timing = models.DateField(_("tidspunkt"))
    responsible = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communication_items",
        verbose_name=_("ansvarlig"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommunikationsaktivitet")
        verbose_name_plural = _("kommunikationsplan")
        ordering = ["timing", "pk"]
        rules_permissions = STAR_RULES

    def __str__(self):
        return self.message

    def get_absolute_url(self):
        return reverse("reforms:communication_list", args=[self.reform.slug])


class PageSection(TimeStampedModel):
    """One section of a reform's reformside (guide: contents of the reform pages)."""

    class Kind(models.TextChoices):
        FRONT = "front", _("Intentioner og seneste nyt")
        KEY_FIGURES = "key_figures", _("Nøgletal")
        KNOWLEDGE = "knowledge", _("Viden om indsatsen")
        LAWS = "laws", _("Love, vejledninger og bekendtgørelser")
        IMPLEMENTATION = "implementation", _("Implementering: aktiviteter og værktøjer")
        IT = "it", _("IT")
        QA = "qa", _("Spørgsmål og svar")

    reform = models.ForeignKey(
        Reform, on_delete=models.CASCADE, related_name="page_sections", verbose_name=_("reform")
    )
    kind = models.CharField(_("afsnit"), max_length=20, choices=Kind.choices)
    body = models.TextField(
        _("tekst"), blank=True, help_text=_("Afsnit adskilles af en tom linje.")
    )
    links = models.TextField(
        _("links"),
        blank=True,
        help_text=_("Ét link pr. linje: »Titel | https://…«."),
    )
    public = models.BooleanField(
        _("vises på den offentlige reformside"),
        default=True,
        help_text=_("Fjern markeringen for afsnit, der kun er for brugere, der er logget ind."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("afsnit på reformsiden")
        verbose_name_plural = _("afsnit på reformsiden")
        ordering = ["reform", "kind"]
        rules_permissions = {**STAR_RULES, "view": is_authenticated}
        constraints = [models.UniqueConstraint(fields=["reform", "kind"], name="page_section_once")]

    def __str__(self):
        return f"{self.reform}: {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("reforms:page", args=[self.reform.slug]) + f"#{self.kind}"

    def link_list(self):
        """[(title, url)] parsed from `links`."""
        result = []
        for line in self.links.splitlines():
            if not line.strip():
                continue
            title, _sep, url = line.partition("|")
            url = url.strip() or title.strip()
            result.append((title.strip(), url))
        return result


class Lever(TimeStampedModel):
    """An implementation lever used in a reform, with its evidence (the lever bank)."""

    reform = models.ForeignKey(
        Reform, on_delete=models.CASCADE, related_name="levers", verbose_name=_("reform")
    )
    type = models.CharField(_("type"), max_length=20, choices=LeverType.choices)
    name = SingleLineCharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    phase = models.CharField(
        _("fase"), max_length=10, choices=Phase.Kind.choices, default=Phase.Kind.INITIAL
    )
    target_group = models.CharField(_("målgruppe"), max_length=200, blank=True)
    used_share = models.DecimalField(
        _("andel der har brugt grebet (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    top3_share = models.DecimalField(
        _("andel der vurderer grebet blandt de tre vigtigste (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    evidence = models.TextField(_("evidens"), blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("implementeringsgreb")
        verbose_name_plural = _("implementeringsgreb")
        ordering = ["-top3_share", "name"]
        rules_permissions = STAR_RULES
        constraints = [
            models.UniqueConstraint(fields=["reform", "name"], name="lever_name_once_per_reform")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reforms:lever_detail", args=[self.pk])


class Question(TimeStampedModel):
    """A municipality's or an a-kasse's question about a reform, STAR's answer and the reply
    deadline (the same service level for both)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Afventer svar")
        ANSWERED = "answered", _("Besvaret")

    municipality_field = "municipality"
    akasse_field = "akasse"

    reform = models.ForeignKey(
        Reform, on_delete=models.CASCADE, related_name="questions", verbose_name=_("reform")
    )
    municipality = models.ForeignKey(
        "indicators.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reform_questions",
        verbose_name=_("kommune"),
    )
    akasse = models.ForeignKey(
        "accounts.AKasse",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("a-kasse"),
    )
    asked_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="questions_asked",
        verbose_name=_("stillet af"),
    )
    subject = SingleLineCharField(_("emne"), max_length=200)
    text = models.TextField(_("spørgsmål"))
    deadline = models.DateField(_("svarfrist"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("svar"), blank=True)
    answered_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions_answered",
        verbose_name=_("besvaret af"),
    )
    answered_at = models.DateField(_("besvaret den"), null=True, blank=True)
    published = models.BooleanField(
        _("offentliggjort på reformsiden"),
        default=False,
        help_text=_("Vises under »Spørgsmål og svar« på reformsiden (uden kommunens navn)."),
    )
    overdue_notified_at = models.DateTimeField(
        _("reformkontoret varslet om overskredet frist"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")
        ordering = ["-created_at"]
        rules_permissions = {
            "view": can_read_organisational,
            "add": is_star_staff | is_jobcentre | is_akasse,
            "change": is_star_staff,
            "delete": is_star_staff,
        }
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(municipality__isnull=False, akasse__isnull=True)
                    | models.Q(municipality__isnull=True, akasse__isnull=False)
                ),
                name="question_asked_by_one_organisation",
                violation_error_message=_(
                    "Et spørgsmål stilles af enten en kommune eller en a-kasse."
                ),
            )
        ]

    def __str__(self):
        return self.subject

    @property
    def organisation(self):
        """The municipality or a-kasse that asked."""
        return self.municipality or self.akasse

    def get_absolute_url(self):
        return reverse("reforms:question_detail", args=[self.pk])

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and self.deadline < today


# Models of their own modules (imported last: they refer to the models above).
from .contacts import MunicipalityContact  # noqa: E402, F401
from .followups import FollowUp, FollowUpComment  # noqa: E402, F401
from .grants import GrantAmount, GrantTranche  # noqa: E402, F401
from .public import Document, LegislativeMilestone, Publication  # noqa: E402, F401
from .track import SteeringDigest, TrackSnapshot  # noqa: E402, F401

"""Reforms and their four phases (the core other apps link to); STAR's offices and people."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.rules import is_star_admin, is_star_reader, is_star_staff
from core.models import TimeStampedModel

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
    name = models.CharField(_("navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontor")
        verbose_name_plural = _("kontorer")
        ordering = ["name"]
        rules_permissions = STAR_RULES

    def __str__(self):
        return self.name


class Person(TimeStampedModel):
    """A person at STAR or the ministry who can be a member, owner or contact."""

    name = models.CharField(_("navn"), max_length=200)
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

    name = models.CharField(_("navn"), max_length=200, unique=True)
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
        rules_permissions = {**STAR_RULES, "delete": is_star_admin}

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reforms:detail", args=[self.slug])


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
    """A group of a reform (guide §2.2): steering, implementation, communication or network."""

    class Kind(models.TextChoices):
        STEERING = "steering", _("Styregruppe")
        IMPLEMENTATION = "implementation", _("Implementeringsgruppe")
        COMMUNICATION = "communication", _("Kommunikationsgruppe")
        NETWORK = "network", _("Kommunenetværk")

    reform = models.ForeignKey(
        Reform, on_delete=models.CASCADE, related_name="groups", verbose_name=_("reform")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("navn"), max_length=200, blank=True)
    responsible_office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("ansvarligt kontor"),
    )
    description = models.TextField(_("opgave"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gruppe")
        verbose_name_plural = _("grupper")
        ordering = ["reform", "kind"]
        rules_permissions = STAR_RULES
        constraints = [
            models.UniqueConstraint(fields=["reform", "kind"], name="group_one_kind_per_reform")
        ]

    def __str__(self):
        return self.name or f"{self.get_kind_display()} – {self.reform}"


class GroupMember(TimeStampedModel):
    """A member of a group: a person, or (in a kommunenetværk) a municipality."""

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


class Meeting(TimeStampedModel):
    """A meeting of a group, with agenda, minutes and decisions."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("gruppe")
    )
    starts_at = models.DateTimeField(_("tidspunkt"))
    title = models.CharField(_("titel"), max_length=200, blank=True)
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
        return self.title or f"{self.group} {self.starts_at:%d.%m.%Y}"


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
    subject = models.CharField(_("emne"), max_length=200)
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
    risk = models.ForeignKey(
        "risklog.Risk",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("risiko"),
    )
    initiative = models.ForeignKey(
        "risklog.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("initiativ"),
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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("eskalering")
        verbose_name_plural = _("eskaleringer")
        ordering = ["-created_at"]
        rules_permissions = STAR_RULES

    def __str__(self):
        return self.subject

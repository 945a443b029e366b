"""Reforms, their four phases and each phase's checklist (the core other apps link to)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.rules import is_authenticated, is_jobcentre, is_star_admin, is_star_staff
from core.fields import SingleLineCharField
from core.models import TimeStampedModel

from .organisation import STAR_RULES, Office, Person

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

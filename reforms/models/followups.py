"""Follow-up cases with one municipality ("opfølgning"): STAR's dialogue, visit, process support
or feedback about a reform, with an owner, a next step and the figures it started from."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.rules import (
    can_edit_municipal,
    can_read_municipal,
    is_star_staff,
)
from core.fields import SingleLineCharField
from core.models import TimeStampedModel


class FollowUp(TimeStampedModel):
    """A case STAR opens with a municipality about a reform (guide §2.3: feedback, visits and
    support where the figures show that implementation struggles)."""

    class Kind(models.TextChoices):
        DIALOGUE = "dialogue", _("Dialog")
        VISIT = "visit", _("Besøg")
        SUPPORT = "support", _("Procesunderstøttelse")
        FEEDBACK = "feedback", _("Feedback")

    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        IN_PROGRESS = "in_progress", _("I gang")
        CLOSED = "closed", _("Afsluttet")

    class Source(models.TextChoices):
        EARLY_WARNING = "early_warning", _("Tidlig varsling")
        BENCHMARK = "benchmark", _("Benchmark: dårligere end forventet eller ikke på sporet")
        MANUAL = "manual", _("Oprettet manuelt")

    municipality_field = "municipality"

    reform = models.ForeignKey(
        "reforms.Reform",
        on_delete=models.CASCADE,
        related_name="followups",
        verbose_name=_("reform"),
    )
    municipality = models.ForeignKey(
        "indicators.Municipality",
        on_delete=models.PROTECT,
        related_name="followups",
        verbose_name=_("kommune"),
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.DIALOGUE)
    title = SingleLineCharField(_("emne"), max_length=200)
    description = models.TextField(_("baggrund"), blank=True)
    source = models.CharField(
        _("anledning"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("indikator"),
    )
    period = models.DateField(
        _("måned for tallene"),
        null=True,
        blank=True,
        help_text=_("Den måned, tallene i sagen er hentet fra."),
    )
    owner_person = models.ForeignKey(
        "reforms.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("ansvarlig person"),
    )
    owner_office = models.ForeignKey(
        "reforms.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("ansvarligt kontor"),
    )
    next_step = models.CharField(_("næste skridt"), max_length=300, blank=True)
    due = models.DateField(_("frist for næste skridt"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    snapshot = models.JSONField(_("tal ved oprettelsen"), default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups_created",
        verbose_name=_("oprettet af"),
        editable=False,
    )
    closed_at = models.DateField(_("afsluttet den"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        ordering = ["due", "-created_at"]
        rules_permissions = {
            "view": can_read_municipal,
            "add": is_star_staff,
            "change": is_star_staff,
            "delete": is_star_staff,
            # STAR staff and the municipality's own job-centre manager write comments.
            "comment": can_edit_municipal,
        }
        indexes = [models.Index(fields=["status", "due"], name="followup_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(owner_person__isnull=False, owner_office__isnull=True)
                    | models.Q(owner_person__isnull=True, owner_office__isnull=False)
                ),
                name="followup_one_owner",
                violation_error_message=_(
                    "En opfølgning har én ansvarlig: en person eller et kontor."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.municipality}: {self.title}"

    def get_absolute_url(self):
        return reverse("reforms:followup_detail", args=[self.pk])

    @property
    def owner(self):
        """The person or office responsible."""
        return self.owner_person or self.owner_office

    @property
    def is_open(self):
        return self.status != self.Status.CLOSED

    def is_overdue(self, today=None):
        """An open case whose next step is past its due date."""
        today = today or timezone.localdate()
        return self.is_open and self.due is not None and self.due < today

    def clean(self):
        super().clean()
        errors = {}
        if bool(self.owner_person_id) == bool(self.owner_office_id):
            errors["owner_person"] = _("Vælg enten en ansvarlig person eller et ansvarligt kontor.")
        if self.is_open and not self.next_step.strip():
            errors["next_step"] = _("En åben opfølgning skal have et næste skridt.")
        if self.is_open and self.due is None:
            errors["due"] = _("Næste skridt skal have en frist.")
        if (
            self.indicator_id
            and self.reform_id
            and self.indicator.reform_id not in (None, self.reform_id)
        ):
            errors["indicator"] = _("Indikatoren hører til en anden reform.")
        if errors:
            raise ValidationError(errors)


class FollowUpComment(TimeStampedModel):
    """A note on a follow-up case, by STAR staff or the municipality's job-centre manager."""

    municipality_field = "followup__municipality"

    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="comments", verbose_name=_("opfølgning")
    )
    author = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="followup_comments",
        verbose_name=_("skrevet af"),
    )
    text = models.TextField(_("kommentar"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommentar til opfølgning")
        verbose_name_plural = _("kommentarer til opfølgninger")
        ordering = ["created_at", "pk"]
        rules_permissions = {
            "view": can_read_municipal,
            "add": can_edit_municipal,
            "change": is_star_staff,
            "delete": is_star_staff,
        }

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return self.followup.get_absolute_url() + f"#kommentar-{self.pk}"

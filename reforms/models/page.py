"""The reformside's sections and the questions municipalities and a-kasser ask about a reform."""

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
    is_star_staff,
)
from core.fields import SingleLineCharField
from core.models import TimeStampedModel

from .organisation import STAR_RULES
from .reform import Reform


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

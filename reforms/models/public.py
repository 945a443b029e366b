"""What the public reform page (*reformside* without log-in) is made of besides the page
sections: whether and when STAR published it, the legislative milestones (which also set the
phases' planned dates) and the document library."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.rules import is_authenticated, is_star_reader, is_star_staff
from core.models import TimeStampedModel

STAR_RULES = {
    "view": is_star_reader,
    "add": is_star_staff,
    "change": is_star_staff,
    "delete": is_star_staff,
}


class Publication(TimeStampedModel):
    """STAR's decision to show a reform's page at /public/reforms/{slug}/ (no log-in)."""

    reform = models.OneToOneField(
        "reforms.Reform",
        on_delete=models.CASCADE,
        related_name="publication",
        verbose_name=_("reform"),
    )
    published = models.BooleanField(_("offentliggjort"), default=False)
    published_at = models.DateTimeField(_("offentliggjort den"), null=True, blank=True)
    published_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offentliggjort af"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("offentliggørelse af reformside")
        verbose_name_plural = _("offentliggørelser af reformsider")
        rules_permissions = STAR_RULES

    def __str__(self):
        return str(self.reform)

    def get_absolute_url(self):
        return reverse("reforms:public_preview", args=[self.reform.slug])


class LegislativeMilestone(TimeStampedModel):
    """A step of the legislation: agreement, consultation, bill, adoption, entry into force."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Politisk aftale")
        CONSULTATION = "consultation", _("Lovforslag i høring")
        BILL = "bill", _("Lovforslag fremsat")
        ADOPTION = "adoption", _("Loven vedtaget")
        IN_FORCE = "in_force", _("Loven træder i kraft")

    ORDER = {
        Kind.AGREEMENT: 1,
        Kind.CONSULTATION: 2,
        Kind.BILL: 3,
        Kind.ADOPTION: 4,
        Kind.IN_FORCE: 5,
    }

    reform = models.ForeignKey(
        "reforms.Reform",
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("reform"),
    )
    kind = models.CharField(_("milepæl"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("dato"))
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    url = models.URLField(_("link"), blank=True, help_text=_("Fx til Folketingets side."))
    public = models.BooleanField(_("vises på den offentlige reformside"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lovgivningsmilepæl")
        verbose_name_plural = _("lovgivningsmilepæle")
        ordering = ["reform", "date", "kind"]
        rules_permissions = {**STAR_RULES, "view": is_authenticated}
        constraints = [
            models.UniqueConstraint(fields=["reform", "kind"], name="milestone_once_per_reform")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("reforms:page", args=[self.reform.slug]) + "#milestones"


def document_path(instance, filename):
    return f"reform-documents/{instance.reform_id}/{filename}"


class Document(TimeStampedModel):
    """A file of the reform's document library: start package, tool, status paper, guidance."""

    class Kind(models.TextChoices):
        START_PACKAGE = "start_package", _("Startpakke")
        GUIDANCE = "guidance", _("Vejledning")
        TOOL = "tool", _("Værktøj")
        STATUS_PAPER = "status_paper", _("Statuspapir")
        ANALYSIS = "analysis", _("Analyse eller evaluering")
        OTHER = "other", _("Andet")

    reform = models.ForeignKey(
        "reforms.Reform",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("reform"),
    )
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    date = models.DateField(_("dato"))
    file = models.FileField(_("fil"), upload_to=document_path, max_length=300)
    public = models.BooleanField(_("vises på den offentlige reformside"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        ordering = ["reform", "-date", "title"]
        rules_permissions = {**STAR_RULES, "view": is_authenticated}

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reforms:document_download", args=[self.pk])

    @property
    def extension(self):
        return self.file.name.rsplit(".", 1)[-1].upper() if "." in self.file.name else ""

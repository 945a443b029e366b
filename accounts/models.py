"""The user model: a STAR role and, for job-centre managers, exactly one municipality."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModelBase, RulesModelMixin
from simple_history.models import HistoricalRecords

from core.fields import SingleLineCharField

from .rules import is_star_admin


class Role(models.TextChoices):
    """The four roles of CONTRACT.md §4."""

    ADMIN = "admin", _("STAR-administrator")
    STAFF = "staff", _("STAR-medarbejder")
    STEERING = "steering", _("Styregruppemedlem")
    JOBCENTRE = "jobcentre", _("Jobcenterchef")
    AKASSE = "akasse", _("A-kasse")


class AKasse(models.Model):
    """An unemployment-insurance fund (a-kasse): an organisation beside the municipalities that
    implements the reforms; its users read the reform pages and ask questions."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = SingleLineCharField(_("navn"), max_length=120, unique=True)
    email = models.EmailField(
        _("e-mail til kommunikation"),
        blank=True,
        help_text=_("Modtager af STAR's kommunikation om reformerne til a-kasserne."),
    )
    history = HistoricalRecords()

    #: An a-kasse belongs to no municipality; its users see it through `akasse_field`.
    akasse_field = "pk"

    class Meta:
        verbose_name = _("a-kasse")
        verbose_name_plural = _("a-kasser")
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(RulesModelMixin, AbstractUser, metaclass=RulesModelBase):
    """A person who logs in; the role decides what they may do, the municipality what they see."""

    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.STAFF)
    municipality = models.ForeignKey(
        "indicators.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("kommune"),
        help_text=_("Kun for jobcenterchefer: den kommune, brugeren må se."),
    )
    akasse = models.ForeignKey(
        AKasse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("a-kasse"),
        help_text=_("Kun for a-kassebrugere: den a-kasse, brugeren hører til."),
    )
    title = models.CharField(_("stilling"), max_length=120, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    #: A job-centre manager's user belongs to his municipality (core.access): another
    #: municipality's manager gets 404 for it, as for every object of that municipality.
    municipality_field = "municipality"
    #: STAR users have no municipality: for a manager they are non-municipal objects (403).
    municipality_optional = True
    #: An a-kasse user sees his own fund's objects only (core.access).
    akasse_field = "akasse"

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        ordering = ["username"]
        rules_permissions = {
            "view": is_star_admin,
            "add": is_star_admin,
            "change": is_star_admin,
            "delete": is_star_admin,
        }
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role="jobcentre", municipality__isnull=False)
                    | (~models.Q(role="jobcentre") & models.Q(municipality__isnull=True))
                ),
                name="user_municipality_only_for_jobcentre",
                violation_error_message=_(
                    "En jobcenterchef skal have præcis én kommune; andre roller har ingen."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role="akasse", akasse__isnull=False)
                    | (~models.Q(role="akasse") & models.Q(akasse__isnull=True))
                ),
                name="user_akasse_only_for_akasse",
                violation_error_message=_(
                    "En a-kassebruger skal have præcis én a-kasse; andre roller har ingen."
                ),
            ),
        ]

    def clean(self):
        super().clean()
        if self.role == Role.JOBCENTRE and not self.municipality_id:
            raise ValidationError(
                {"municipality": _("En jobcenterchef skal knyttes til en kommune.")}
            )
        if self.role != Role.JOBCENTRE and self.municipality_id:
            raise ValidationError(
                {"municipality": _("Kun jobcenterchefer knyttes til en kommune.")}
            )
        if self.role == Role.AKASSE and not self.akasse_id:
            raise ValidationError({"akasse": _("En a-kassebruger skal knyttes til en a-kasse.")})
        if self.role != Role.AKASSE and self.akasse_id:
            raise ValidationError({"akasse": _("Kun a-kassebrugere knyttes til en a-kasse.")})

    def __str__(self):
        return self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("accounts:user_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        # A new password ends every API token: a key copied before the change stops working.
        password_changed = self._password is not None
        super().save(*args, **kwargs)
        if password_changed:
            from .tokens import tokens_revoke

            tokens_revoke(user=self)

    @property
    def is_star_admin(self):
        return self.is_active and (self.role == Role.ADMIN or self.is_superuser)

    @property
    def is_star_staff(self):
        """STAR staff or administrator: may edit reforms, plans, risks, indicators, reports."""
        return self.is_star_admin or (self.is_active and self.role == Role.STAFF)

    @property
    def is_steering(self):
        return self.is_active and self.role == Role.STEERING

    @property
    def is_star_reader(self):
        """Reads everything: STAR staff, administrators and steering-group members."""
        return self.is_star_staff or self.is_steering

    @property
    def is_jobcentre(self):
        return self.is_active and self.role == Role.JOBCENTRE and not self.is_superuser

    @property
    def is_akasse(self):
        """An a-kasse's user: reads reform pages, asks questions, sees no municipal data."""
        return self.is_active and self.role == Role.AKASSE and not self.is_superuser


class PasswordResetAttempt(models.Model):
    """One accepted password-reset request, counted per address and per IP address within
    PASSWORD_RESET_WINDOW (accounts.throttle). Both are stored as keyed hashes: the table
    says how often, never who or from where."""

    address_hash = models.CharField(_("adresse (hash)"), max_length=64, db_index=True)
    ip_hash = models.CharField(_("IP-adresse (hash)"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("anmodning om ny adgangskode")
        verbose_name_plural = _("anmodninger om ny adgangskode")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M}"

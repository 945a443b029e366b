"""The lever types of the lever bank (implementeringsgreb): the guide's eight names exactly as
Implementeringsguide 3.1 §3.2 writes them. The one vocabulary of reforms' lever bank and the
implementation plan's initiatives (risklog); the stored keys are the ones both apps used."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LeverType(models.TextChoices):
    """Implementeringsguide 3.1 §3.2, "Effektive implementeringsgreb"."""

    ORGANISATION = "organisation", _("Organisatorisk specialisering og reorganisering")
    COLLABORATION = "collaboration", _("Samarbejdsstrategier")
    MONITORING = "monitoring", _("Monitorering og benchmarking")
    STANDARDISATION = "standardisation", _("Standardisering af metoder og instrumenter")
    GOALS = "goals", _("Formidling af klare mål")
    GUIDANCE = "guidance", _("Juridiske vejledninger og metodevejledninger")
    NETWORKS = "networks", _("Netværk")
    COMPETENCE = "competence", _("Kompetenceudvikling kombineret med supervision")


#: An initiative of the plan that is none of the guide's levers (risklog only; not a lever of
#: the bank, so reforms.Lever never takes it).
OTHER = "other"
CHOICES_WITH_OTHER = [*LeverType.choices, (OTHER, _("Andet"))]

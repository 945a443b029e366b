"""One lever-type vocabulary (core.levers) with the guide's eight names, used by the lever bank
(reforms) and the plan's initiatives (risklog)."""

import pytest
from django.utils import translation

from core import levers
from reforms.models import Lever
from risklog.models import Initiative

#: Implementeringsguide 3.1 §3.2, "Effektive implementeringsgreb", word for word.
GUIDE = [
    "Organisatorisk specialisering og reorganisering",
    "Samarbejdsstrategier",
    "Monitorering og benchmarking",
    "Standardisering af metoder og instrumenter",
    "Formidling af klare mål",
    "Juridiske vejledninger og metodevejledninger",
    "Netværk",
    "Kompetenceudvikling kombineret med supervision",
]
KEYS = [
    "organisation",
    "collaboration",
    "monitoring",
    "standardisation",
    "goals",
    "guidance",
    "networks",
    "competence",
]


def test_the_vocabulary_is_the_guides_eight_names_on_the_stored_keys():
    with translation.override("da"):
        assert [str(label) for _key, label in levers.LeverType.choices] == GUIDE
    assert list(levers.LeverType.values) == KEYS


def test_reforms_and_risklog_use_the_one_vocabulary():
    with translation.override("da"):
        bank = [(k, str(v)) for k, v in Lever._meta.get_field("type").choices]
        plan = [(k, str(v)) for k, v in Initiative._meta.get_field("lever_type").choices]
    assert bank == list(zip(KEYS, GUIDE, strict=True))
    assert plan == [*bank, ("other", "Andet")]


def test_english_labels_exist_for_every_type():
    with translation.override("en"):
        english = [str(label) for _key, label in levers.LeverType.choices]
    assert english[3] == "Standardisation of methods and instruments"
    assert all(e != d for e, d in zip(english, GUIDE, strict=True))


@pytest.mark.django_db
def test_lever_bank_page_shows_the_guide_name(client_for, users):
    from reforms.services import reform_create

    reform = reform_create(name="Greb-reform", slug="greb-reform", by=users["staff"])
    Lever.objects.create(reform=reform, name="Startvejledning", type=levers.LeverType.GUIDANCE)
    page = client_for("staff").get("/reforms/levers/").content.decode()
    assert "Juridiske vejledninger og metodevejledninger" in page

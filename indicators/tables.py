"""Tables of the indicators app."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Municipality


class MunicipalityTable(tables.Table):
    code = tables.Column(verbose_name=_("Kode"))
    name = tables.Column(linkify=("indicators:municipality_detail", [tables.A("code")]))
    population = tables.Column(attrs={"td": {"class": "text-align-right"}})

    class Meta:
        model = Municipality
        fields = ["code", "name", "region", "population"]
        empty_text = _("Ingen kommuner matcher søgningen.")

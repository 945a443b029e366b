"""Tables of the indicators app."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import ComputationRun, Indicator, Measure, Municipality


class MunicipalityTable(tables.Table):
    code = tables.Column(verbose_name=_("Kode"))
    name = tables.Column(linkify=("indicators:municipality_detail", [tables.A("code")]))
    population = tables.Column(attrs={"td": {"class": "text-align-right"}})

    class Meta:
        model = Municipality
        fields = ["code", "name", "region", "population"]
        empty_text = _("Ingen kommuner matcher søgningen.")


class MeasureTable(tables.Table):
    code = tables.Column(linkify=("indicators:measure_detail", [tables.A("pk")]))

    class Meta:
        model = Measure
        fields = ["code", "name", "unit", "framework", "source"]
        empty_text = _("Der er ingen målinger endnu.")


class IndicatorTable(tables.Table):
    name = tables.Column(linkify=("indicators:indicator_detail", [tables.A("pk")]))
    numerator = tables.Column(accessor="numerator__code", verbose_name=_("Tæller"))
    denominator = tables.Column(accessor="denominator__code", verbose_name=_("Nævner"))

    class Meta:
        model = Indicator
        fields = [
            "name",
            "code",
            "kind",
            "target_group",
            "reform",
            "numerator",
            "denominator",
            "unit",
        ]
        empty_text = _("Der er ingen indikatorer endnu.")


class ComputationRunTable(tables.Table):
    id = tables.Column(verbose_name=_("Nr."), linkify=("indicators:run_detail", [tables.A("pk")]))
    progress = tables.TemplateColumn("{{ value }} %", verbose_name=_("Fremdrift"))
    created_at = tables.DateTimeColumn(verbose_name=_("Oprettet"), format="DATETIME_FORMAT")
    started_at = tables.DateTimeColumn(format="DATETIME_FORMAT")
    finished_at = tables.DateTimeColumn(format="DATETIME_FORMAT")

    class Meta:
        model = ComputationRun
        fields = [
            "id",
            "status",
            "trigger",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "progress",
            "rows_written",
            "rows_changed",
        ]
        empty_text = _("Der er ikke kørt nogen beregninger endnu.")

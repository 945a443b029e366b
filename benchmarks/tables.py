"""Tables of the benchmarks app."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.formatting import da_number

from .models import MunicipalTarget


class MunicipalTargetTable(tables.Table):
    municipality = tables.Column(verbose_name=_("Kommune"), order_by=("municipality__name",))
    indicator = tables.LinkColumn(
        "benchmarks:target_detail", args=[tables.A("pk")], verbose_name=_("Indikator")
    )
    baseline_period = tables.DateColumn(format="YEAR_MONTH_FORMAT", verbose_name=_("Baselinemåned"))
    baseline_value = tables.Column(verbose_name=_("Baselineværdi"))
    target_value = tables.Column(verbose_name=_("Målværdi"))
    target_date = tables.DateColumn(verbose_name=_("Måldato"))

    class Meta:
        model = MunicipalTarget
        fields = [
            "municipality",
            "indicator",
            "baseline_period",
            "baseline_value",
            "target_value",
            "target_date",
        ]
        attrs = {"class": "table table--zebra"}

    def render_baseline_value(self, value):
        return da_number(value)

    def render_target_value(self, value):
        return da_number(value)

"""Tables of the report archive and recipients."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..formatting import da_number
from .models import Recipient, Report


class ReportTable(tables.Table):
    period = tables.DateColumn(verbose_name=_("Måned"), format="YEAR_MONTH_FORMAT")
    municipality = tables.Column(
        verbose_name=_("Kommune"), accessor="municipality_name", order_by="municipality__name"
    )
    state = tables.Column(verbose_name=_("Tilstand"))
    data_as_of = tables.DateTimeColumn(verbose_name=_("Data pr."), format="DATETIME_FORMAT")
    size = tables.Column(verbose_name=_("Størrelse"), attrs={"td": {"class": "text-align-right"}})
    pdf = tables.Column(verbose_name=_("PDF"), empty_values=(), orderable=False)

    class Meta:
        model = Report
        fields = ["period", "municipality", "state", "data_as_of", "size", "pdf"]
        empty_text = _("Der er ingen rapporter, der matcher søgningen.")

    def render_size(self, value):
        return f"{da_number(value / 1024, 0)} kB" if value else "–"

    def render_pdf(self, record):
        if record.state != Report.State.DONE:
            return format_html(
                '<span title="{}">–</span>', record.error or record.get_state_display()
            )
        return format_html(
            '<a href="{}">{}</a>',
            record.get_absolute_url(),
            _("Hent %(title)s") % {"title": record.title},
        )


class RecipientTable(tables.Table):
    municipality = tables.Column(verbose_name=_("Kommune"), order_by="municipality__name")
    name = tables.Column(linkify=("benchmarks:recipient_update", [tables.A("pk")]))

    class Meta:
        model = Recipient
        fields = ["municipality", "name", "email", "role", "active"]
        empty_text = _("Der er ingen modtagere, der matcher søgningen.")

"""Tables of import batches."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import ImportBatch


class ImportBatchTable(tables.Table):
    id = tables.Column(
        verbose_name=_("Nr."), linkify=("indicators:import_detail", [tables.A("pk")])
    )
    created_at = tables.DateTimeColumn(verbose_name=_("Tidspunkt"), format="DATETIME_FORMAT")
    file_name = tables.Column(linkify=("indicators:import_detail", [tables.A("pk")]))
    created = tables.Column(attrs={"td": {"class": "text-align-right"}})
    updated = tables.Column(attrs={"td": {"class": "text-align-right"}})
    unchanged = tables.Column(attrs={"td": {"class": "text-align-right"}})
    skipped = tables.Column(attrs={"td": {"class": "text-align-right"}})
    computation_run = tables.Column(verbose_name=_("Beregning"))

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "created_at",
            "file_name",
            "format",
            "status",
            "created_by",
            "created",
            "updated",
            "unchanged",
            "skipped",
            "computation_run",
        ]
        order_by = "-created_at"
        empty_text = _("Der er endnu ikke importeret nogen filer.")

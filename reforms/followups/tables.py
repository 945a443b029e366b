"""The table of follow-up cases."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.formatting import da_date

from ..models import FollowUp


class FollowUpTable(tables.Table):
    title = tables.Column(linkify=lambda record: record.get_absolute_url())
    owner = tables.Column(
        accessor="pk", verbose_name=_("Ansvarlig"), order_by=("owner_person__name",)
    )
    due = tables.DateColumn(verbose_name=_("Frist"))

    class Meta:
        model = FollowUp
        fields = ["title", "municipality", "reform", "kind", "status", "next_step", "due", "owner"]
        empty_text = _("Ingen opfølgninger matcher søgningen.")

    def render_owner(self, record):
        return str(record.owner)

    def render_due(self, record, value):
        text = da_date(value)
        if record.is_overdue(timezone.localdate()):
            return format_html(
                '<span class="star-status star-status--off_track">{} ({})</span>',
                text,
                _("overskredet"),
            )
        return text

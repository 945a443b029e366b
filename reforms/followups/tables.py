"""The table of follow-up cases."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import FollowUp


class FollowUpTable(tables.Table):
    title = tables.Column(linkify=lambda record: record.get_absolute_url())
    owner = tables.Column(
        accessor="pk", verbose_name=_("Ansvarlig"), order_by=("owner_person__name",)
    )
    due = tables.DateColumn(format="j. M Y", verbose_name=_("Frist"))

    class Meta:
        model = FollowUp
        fields = ["title", "municipality", "reform", "kind", "status", "next_step", "due", "owner"]
        empty_text = _("Ingen opfølgninger matcher søgningen.")

    def render_owner(self, record):
        return str(record.owner)

    def render_due(self, record, value):
        text = value.strftime("%d.%m.%Y")
        if record.is_overdue(timezone.localdate()):
            return format_html(
                '<span class="star-status star-status--off_track">{} ({})</span>',
                text,
                _("overskredet"),
            )
        return text

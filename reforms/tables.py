"""Tables of the reforms app."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Escalation, Group, Lever, Meeting, Office, Person, Question


class GroupTable(tables.Table):
    name = tables.Column(
        accessor="pk",
        verbose_name=_("Gruppe"),
        linkify=lambda record: record.get_absolute_url(),
        order_by=("name", "kind"),
    )
    members = tables.Column(accessor="member_count", verbose_name=_("Medlemmer"), orderable=True)

    class Meta:
        model = Group
        fields = ["name", "reform", "kind", "responsible_office", "members"]
        empty_text = _("Ingen grupper matcher søgningen.")

    def render_name(self, record):
        return str(record)


class MeetingTable(tables.Table):
    starts_at = tables.DateTimeColumn(
        format="DATETIME_FORMAT", linkify=lambda record: record.get_absolute_url()
    )
    title = tables.Column(linkify=lambda record: record.get_absolute_url())
    reform = tables.Column(accessor="group__reform", verbose_name=_("Reform"))

    class Meta:
        model = Meeting
        fields = ["starts_at", "title", "group", "reform", "location"]
        empty_text = _("Ingen møder matcher søgningen.")


class EscalationTable(tables.Table):
    subject = tables.Column(linkify=lambda record: record.get_absolute_url())
    created_at = tables.DateColumn(verbose_name=_("Rejst"))

    class Meta:
        model = Escalation
        fields = ["subject", "reform", "status", "proposed_by", "created_at", "decided_at"]
        empty_text = _("Ingen eskaleringer matcher søgningen.")


class LeverTable(tables.Table):
    name = tables.Column(linkify=lambda record: record.get_absolute_url())
    used_share = tables.Column(
        verbose_name=_("Brugt af (%)"), attrs={"td": {"class": "text-align-right"}}
    )
    top3_share = tables.Column(
        verbose_name=_("Top 3 (%)"), attrs={"td": {"class": "text-align-right"}}
    )

    class Meta:
        model = Lever
        fields = ["name", "type", "reform", "phase", "target_group", "used_share", "top3_share"]
        empty_text = _("Ingen implementeringsgreb matcher søgningen.")

    def render_used_share(self, value):
        return f"{value:.0f} %".replace(".", ",")

    def render_top3_share(self, value):
        return f"{value:.0f} %".replace(".", ",")


class QuestionTable(tables.Table):
    subject = tables.Column(linkify=lambda record: record.get_absolute_url())
    deadline = tables.DateColumn()
    overdue = tables.Column(
        accessor="pk", verbose_name=_("Frist overskredet"), orderable=False, empty_values=()
    )

    class Meta:
        model = Question
        fields = [
            "subject",
            "reform",
            "municipality",
            "akasse",
            "status",
            "deadline",
            "overdue",
            "published",
        ]
        empty_text = _("Ingen spørgsmål matcher søgningen.")

    def render_overdue(self, record):
        return _("Ja") if record.is_overdue() else _("Nej")

    def render_published(self, value):
        return _("Ja") if value else _("Nej")


class OfficeTable(tables.Table):
    name = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = Office
        fields = ["code", "name", "kind"]
        empty_text = _("Ingen kontorer matcher søgningen.")


class PersonTable(tables.Table):
    name = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = Person
        fields = ["name", "email", "office"]
        empty_text = _("Ingen personer matcher søgningen.")

"""Tables of the plan and the risk log."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.formatting import da_date

from .models import Initiative, Risk

RAG_CLASS = {"green": "rag--green", "yellow": "rag--yellow", "red": "rag--red"}


def rag_badge(value, label):
    return format_html('<span class="rag {}">{}</span>', RAG_CLASS.get(value, ""), label)


class InitiativeTable(tables.Table):
    title = tables.Column(
        verbose_name=_("Initiativ"),
        linkify=lambda record: record.get_absolute_url(),
    )
    responsible_office = tables.Column(verbose_name=_("Kontor"))
    responsible_person = tables.Column(verbose_name=_("Ansvarlig"))
    start_date = tables.DateColumn(verbose_name=_("Start"))
    end_date = tables.DateColumn(verbose_name=_("Slut"))
    content_status = tables.Column(verbose_name=_("Indhold"))
    progress_status = tables.Column(verbose_name=_("Fremdrift"))
    percent_complete = tables.Column(
        verbose_name=_("Færdig"), attrs={"td": {"class": "text-align-right"}}
    )
    status_updated_at = tables.DateTimeColumn(
        format="DATE_FORMAT", verbose_name=_("Seneste status"), default="–"
    )
    status_reason = tables.Column(verbose_name=_("Begrundelse"), default="–", orderable=False)

    class Meta:
        model = Initiative
        fields = [
            "title",
            "responsible_office",
            "responsible_person",
            "start_date",
            "end_date",
            "content_status",
            "progress_status",
            "percent_complete",
            "status_updated_at",
            "status_reason",
        ]
        empty_text = _("Ingen initiativer matcher filtrene.")
        order_by = ("start_date",)

    def render_content_status(self, record):
        return rag_badge(record.content_status, record.get_content_status_display())

    def render_progress_status(self, record):
        return rag_badge(record.progress_status, record.get_progress_status_display())

    def render_status_reason(self, value):
        return Truncator(value).chars(80)

    def render_percent_complete(self, value):
        return f"{value} %"


class RiskTable(tables.Table):
    title = tables.Column(
        verbose_name=_("Risiko"), linkify=lambda record: record.get_absolute_url()
    )
    category = tables.Column(verbose_name=_("Kategori"))
    owner = tables.Column(verbose_name=_("Ejer"))
    status = tables.Column(verbose_name=_("Status"))
    inherent = tables.Column(
        verbose_name=_("Før tiltag"),
        accessor="latest_assessment",
        order_by=("inherent_score", "latest_assessment__inherent_likelihood"),
        empty_values=(),
    )
    residual = tables.Column(
        verbose_name=_("Efter tiltag"),
        accessor="latest_assessment",
        order_by=("residual_score", "latest_assessment__residual_likelihood"),
        empty_values=(),
    )
    trend = tables.Column(verbose_name=_("Udvikling"), empty_values=(), orderable=False)
    next_review_date = tables.DateColumn(verbose_name=_("Næste revurdering"))

    class Meta:
        model = Risk
        fields = [
            "title",
            "category",
            "owner",
            "status",
            "inherent",
            "residual",
            "trend",
            "next_review_date",
        ]
        empty_text = _("Ingen risici matcher filtrene.")

    def __init__(self, *args, lookup=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup = lookup or {}

    def _level(self, likelihood, impact):
        level = self.lookup.get((likelihood, impact))
        if level is None:
            return "–"
        return format_html(
            '<span class="risk-level risk-level--{}">{} ({}×{})</span>',
            level.code,
            level.name,
            likelihood,
            impact,
        )

    def render_inherent(self, record):
        a = record.latest_assessment
        return self._level(a.inherent_likelihood, a.inherent_impact) if a else "–"

    def render_residual(self, record):
        a = record.latest_assessment
        return self._level(a.residual_likelihood, a.residual_impact) if a else "–"

    def render_trend(self, record):
        return getattr(record, "trend_label", "") or "–"

    def render_next_review_date(self, record, value):
        text = da_date(value)
        if record.review_overdue:
            return format_html('<span class="risk-overdue">{} ({})</span>', text, _("forfalden"))
        return text

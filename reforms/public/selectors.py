"""Reads of the reform page: one content builder for the public page, its preview and the
logged-in reformside, so that "what is public" is decided in one place."""

import dataclasses
import datetime

from django.db.models import Max, Q
from django.http import Http404
from django.utils import timezone

from indicators.models import ComputationRun, Indicator, IndicatorValue

from ..models import (
    CommunicationItem,
    PageSection,
    Publication,
    Question,
    Reform,
)


def is_published(reform):
    publication = Publication.objects.filter(reform=reform).first()
    return bool(publication and publication.published)


def published_reform(slug):
    """The reform whose page STAR has published, else 404 (no hint that it exists)."""
    reform = Reform.objects.filter(slug=slug, publication__published=True).first()
    if reform is None:
        raise Http404
    return reform


@dataclasses.dataclass
class KeyFigure:
    indicator: Indicator
    period: datetime.date | None
    national_value: float | None


@dataclasses.dataclass
class PageContent:
    reform: Reform
    sections: list  # [(kind, label, PageSection | None)]
    milestones: list
    ongoing: list
    upcoming: list
    key_figures: list
    documents: list
    questions: list


def activities(reform, *, today=None):
    """(ongoing, upcoming) lines of the communication plan: ongoing = under way; upcoming =
    planned for today or later. Past, done and cancelled activities are left out."""
    today = today or timezone.localdate()
    items = reform.communication.select_related(None).order_by("timing", "pk")
    ongoing = list(items.filter(status=CommunicationItem.Status.IN_PROGRESS))
    upcoming = list(items.filter(status=CommunicationItem.Status.PLANNED, timing__gte=today))
    return ongoing, upcoming


def key_figures(reform):
    """Each indicator of the reform with its latest national value (two queries). Only the
    national level: no municipal figure is read here."""
    indicators = list(
        Indicator.objects.filter(reform=reform, target_group__isnull=True).order_by("kind", "name")
    )
    latest = dict(
        IndicatorValue.objects.filter(indicator__in=indicators, national_value__isnull=False)
        .values_list("indicator_id")
        .annotate(last=Max("period"))
    )
    values = {}
    if latest:
        condition = Q()
        for indicator_id, period in latest.items():
            condition |= Q(indicator_id=indicator_id, period=period)
        for indicator_id, value in (
            IndicatorValue.objects.filter(condition)
            .values("indicator_id")
            .annotate(national=Max("national_value"))
            .values_list("indicator_id", "national")
        ):
            values[indicator_id] = value
    return [KeyFigure(i, latest.get(i.pk), values.get(i.pk)) for i in indicators]


def documents_for(queryset, user):
    """The documents user may see on the logged-in reform page and download: those not marked
    public only for STAR staff, administrators and steering-group members; a job-centre
    manager or an a-kasse's user (or no user) sees the public ones (docs/partnership.md)."""
    if getattr(user, "is_star_reader", False):
        return queryset
    return queryset.filter(public=True)


def page_content(reform, *, public_only, user=None, today=None):
    """What the reform page shows; public_only keeps only what is marked public. On the
    logged-in page (public_only False) the documents are those `user` may see."""
    sections = {s.kind: s for s in reform.page_sections.all()}
    if public_only:
        sections = {k: s for k, s in sections.items() if s.public}
        kinds = [(k, label) for k, label in PageSection.Kind.choices if k in sections]
    else:
        kinds = list(PageSection.Kind.choices)
    milestones = reform.milestones.order_by("date", "kind")
    documents = reform.documents.order_by("-date", "title")
    if public_only:
        milestones = milestones.filter(public=True)
        documents = documents.filter(public=True)
    else:
        documents = documents_for(documents, user)
    ongoing, upcoming = activities(reform, today=today)
    questions = reform.questions.filter(published=True, status=Question.Status.ANSWERED).order_by(
        "-answered_at"
    )
    return PageContent(
        reform=reform,
        sections=[(kind, label, sections.get(kind)) for kind, label in kinds],
        milestones=list(milestones),
        ongoing=ongoing,
        upcoming=upcoming,
        key_figures=key_figures(reform),
        documents=list(documents),
        questions=list(questions),
    )


def last_modified(reform):
    """The newest change of anything the public page shows (the Last-Modified header)."""
    stamps = [reform.updated_at]
    for queryset in (
        reform.page_sections.all(),
        reform.milestones.all(),
        reform.documents.all(),
        reform.communication.all(),
        reform.questions.filter(published=True),
        Publication.objects.filter(reform=reform),
    ):
        stamps.append(queryset.aggregate(last=Max("updated_at"))["last"])
    stamps.append(ComputationRun.objects.aggregate(last=Max("finished_at"))["last"])
    # Activities move from upcoming to past with the date alone.
    midnight = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min)
    )
    stamps.append(midnight)
    return max(s for s in stamps if s is not None).replace(microsecond=0)


def national_report(period):
    """The national benchmark report of the month, if rendered (STAR readers' link)."""
    from django.apps import apps

    try:
        report_model = apps.get_model("benchmarks", "Report")
    except LookupError:
        return None
    return (
        report_model.objects.filter(municipality__isnull=True, period=period)
        .exclude(file="")
        .order_by("-pk")
        .first()
    )

"""Filters for the reforms app's lists (pages and API share them)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import YesNoAllWidget
from core.levers import LeverType

from .models import (
    Escalation,
    Group,
    Lever,
    Meeting,
    Office,
    Person,
    Phase,
    Question,
    Reform,
)
from .selectors import lever_search


class ReformFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    status = django_filters.ChoiceFilter(choices=Reform.Status.choices, label=_("Status"))
    complexity = django_filters.ChoiceFilter(
        choices=Reform.Complexity.choices, label=_("Kompleksitet")
    )
    responsible_office = django_filters.ModelChoiceFilter(
        queryset=Office.objects.all(), label=_("Reformkontor")
    )
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("law_in_force", "law_in_force"), ("status", "status")),
        field_labels={
            "name": _("Navn"),
            "law_in_force": _("Ikrafttræden"),
            "status": _("Status"),
        },
        label=_("Sortér efter"),
    )

    class Meta:
        model = Reform
        fields = ["q", "status", "complexity", "responsible_office"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(short_description__icontains=value)
            | Q(law_reference__icontains=value)
            | Q(slug__icontains=value)
        )


def _reform_filter():
    return django_filters.ModelChoiceFilter(
        queryset=Reform.objects.all(), label=_("Reform"), to_field_name="slug"
    )


class GroupFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    reform = _reform_filter()
    kind = django_filters.ChoiceFilter(choices=Group.Kind.choices, label=_("Type"))

    class Meta:
        model = Group
        fields = ["q", "reform", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(reform__name__icontains=value))


class MeetingFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    reform = django_filters.ModelChoiceFilter(
        queryset=Reform.objects.all(),
        label=_("Reform"),
        field_name="group__reform",
        to_field_name="slug",
    )
    group = django_filters.ModelChoiceFilter(queryset=Group.objects.all(), label=_("Gruppe"))
    when = django_filters.ChoiceFilter(
        choices=[("upcoming", _("Kommende")), ("past", _("Afholdte"))],
        method="filter_when",
        label=_("Tidspunkt"),
    )

    class Meta:
        model = Meeting
        fields = ["q", "reform", "group", "when"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(agenda__icontains=value) | Q(minutes__icontains=value)
        )

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(starts_at__gte=now).order_by("starts_at")
        return queryset.filter(starts_at__lt=now)


class EscalationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    reform = _reform_filter()
    status = django_filters.ChoiceFilter(choices=Escalation.Status.choices, label=_("Status"))

    class Meta:
        model = Escalation
        fields = ["q", "reform", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(subject__icontains=value) | Q(cause__icontains=value) | Q(proposal__icontains=value)
        )


class LeverFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    type = django_filters.ChoiceFilter(choices=LeverType.choices, label=_("Type"))
    phase = django_filters.ChoiceFilter(choices=Phase.Kind.choices, label=_("Fase"))
    reform = _reform_filter()

    class Meta:
        model = Lever
        fields = ["q", "type", "phase", "reform"]

    def search(self, queryset, name, value):
        return lever_search(queryset, value)


class QuestionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    reform = _reform_filter()
    status = django_filters.ChoiceFilter(choices=Question.Status.choices, label=_("Status"))
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Overskredet frist"), widget=YesNoAllWidget()
    )

    class Meta:
        model = Question
        fields = ["q", "reform", "status", "overdue"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(subject__icontains=value) | Q(text__icontains=value) | Q(answer__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status=Question.Status.OPEN, deadline__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class OfficeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    kind = django_filters.ChoiceFilter(choices=Office.Kind.choices, label=_("Type"))

    class Meta:
        model = Office
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Søg"))
    office = django_filters.ModelChoiceFilter(queryset=Office.objects.all(), label=_("Kontor"))

    class Meta:
        model = Person
        fields = ["q", "office"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(email__icontains=value))

"""Admin of evaluations: the design (frameworks, areas, rounds, sites) and scores."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Evaluation,
    EvaluationArea,
    EvaluationAreaGroup,
    EvaluationCohort,
    EvaluationFramework,
    EvaluationPdf,
    EvaluationRound,
    EvaluationScore,
    EvaluationSite,
)


class AreaInline(admin.TabularInline):
    model = EvaluationArea
    extra = 0


@admin.register(EvaluationFramework)
class EvaluationFrameworkAdmin(SimpleHistoryAdmin):
    list_display = ["name"]


@admin.register(EvaluationAreaGroup)
class EvaluationAreaGroupAdmin(SimpleHistoryAdmin):
    list_display = ["framework", "name", "order"]
    inlines = [AreaInline]


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "reform", "framework"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(EvaluationCohort)
class EvaluationCohortAdmin(SimpleHistoryAdmin):
    list_display = ["evaluation", "name", "order"]


@admin.register(EvaluationSite)
class EvaluationSiteAdmin(SimpleHistoryAdmin):
    list_display = ["evaluation", "name", "cohort", "started_on"]
    filter_horizontal = ["municipalities"]


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(SimpleHistoryAdmin):
    list_display = ["evaluation", "number", "held_on", "status"]


@admin.register(EvaluationScore)
class EvaluationScoreAdmin(SimpleHistoryAdmin):
    list_display = ["round", "site", "area", "score"]
    list_filter = ["round__evaluation", "round"]


@admin.register(EvaluationPdf)
class EvaluationPdfAdmin(admin.ModelAdmin):
    list_display = ["evaluation", "site", "status", "requested_at"]

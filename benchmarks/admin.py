"""Admin of the benchmarks app (evaluation design and scores are maintained here)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import EvaluationArea, EvaluationRound, EvaluationScore, MunicipalTarget


@admin.register(MunicipalTarget)
class MunicipalTargetAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "indicator", "baseline_period", "target_value", "target_date"]
    list_filter = ["indicator"]


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(SimpleHistoryAdmin):
    list_display = ["reform", "kind", "held_on"]


@admin.register(EvaluationArea)
class EvaluationAreaAdmin(SimpleHistoryAdmin):
    list_display = ["reform", "name", "order"]


@admin.register(EvaluationScore)
class EvaluationScoreAdmin(SimpleHistoryAdmin):
    list_display = ["round", "area", "municipality", "score"]
    list_filter = ["round__reform", "round"]

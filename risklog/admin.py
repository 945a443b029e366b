"""Admin of the plan and the risk log (the matrix is read-only: the fixture defines it)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assessment,
    DigestDispatch,
    Initiative,
    MatrixCell,
    MeetingPackPdf,
    MitigationAction,
    Risk,
    RiskLevel,
    ScaleStep,
    StatusRequest,
    StatusUpdate,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RiskLevel)
class RiskLevelAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "rank", "colour"]


@admin.register(ScaleStep)
class ScaleStepAdmin(ReadOnlyAdmin):
    list_display = ["axis", "value", "label"]
    list_filter = ["axis"]


@admin.register(MatrixCell)
class MatrixCellAdmin(ReadOnlyAdmin):
    list_display = ["likelihood", "impact", "level"]
    list_filter = ["level"]


class StatusUpdateInline(admin.TabularInline):
    model = StatusUpdate
    extra = 0
    readonly_fields = ["created_at", "created_by"]


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "reform",
        "responsible_office",
        "content_status",
        "progress_status",
        "percent_complete",
        "end_date",
    ]
    list_filter = ["reform", "progress_status", "content_status", "responsible_office"]
    search_fields = ["title", "description"]
    autocomplete_fields = []
    filter_horizontal = ["indicators", "depends_on"]
    inlines = [StatusUpdateInline]


class AssessmentInline(admin.TabularInline):
    model = Assessment
    extra = 0
    fk_name = "risk"


class MitigationActionInline(admin.TabularInline):
    model = MitigationAction
    extra = 0


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["title", "reform", "category", "owner", "status", "next_review_date"]
    list_filter = ["reform", "status", "category"]
    search_fields = ["title", "description", "cause"]
    filter_horizontal = ["indicators", "initiatives"]
    readonly_fields = ["latest_assessment"]
    inlines = [AssessmentInline, MitigationActionInline]


@admin.register(MitigationAction)
class MitigationActionAdmin(SimpleHistoryAdmin):
    list_display = ["action", "risk", "owner", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["action"]


@admin.register(MeetingPackPdf)
class MeetingPackPdfAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "requested_by", "requested_at", "finished_at"]
    list_filter = ["status"]


@admin.register(StatusRequest)
class StatusRequestAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "person", "sent_at"]


@admin.register(DigestDispatch)
class DigestDispatchAdmin(ReadOnlyAdmin):
    list_display = ["person", "week", "items", "sent_at"]

"""Django admin for the reforms app (administrators; the pages are the daily tool)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


class PhaseInline(admin.TabularInline):
    model = models.Phase
    extra = 0
    can_delete = False
    fields = ["kind", "planned_start", "planned_end", "actual_start", "actual_end", "status"]
    readonly_fields = ["kind"]


@admin.register(models.Reform)
class ReformAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "status", "complexity", "law_in_force", "responsible_office"]
    list_filter = ["status", "complexity", "responsible_office"]
    search_fields = ["name", "slug", "short_description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PhaseInline]


@admin.register(models.Office)
class OfficeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(models.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "email", "office", "user"]
    list_filter = ["office"]
    search_fields = ["name", "email"]


@admin.register(models.MunicipalityContact)
class MunicipalityContactAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "person"]
    list_select_related = ["municipality", "person"]
    search_fields = ["municipality__name", "person__name"]
    autocomplete_fields = ["person"]


@admin.register(models.ChecklistItem)
class ChecklistItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "phase", "due_date", "done"]
    list_filter = ["done", "phase__kind", "phase__reform"]
    search_fields = ["title"]


class MemberInline(admin.TabularInline):
    model = models.GroupMember
    extra = 0


@admin.register(models.Group)
class GroupAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "reform", "kind", "responsible_office"]
    list_filter = ["kind", "reform"]
    inlines = [MemberInline]


class ActionInline(admin.TabularInline):
    model = models.ActionItem
    extra = 0


@admin.register(models.Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "group", "starts_at"]
    list_filter = ["group__reform", "group__kind"]
    inlines = [ActionInline]


@admin.register(models.Escalation)
class EscalationAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "reform", "status", "proposed_by", "decided_at"]
    list_filter = ["status", "reform"]
    search_fields = ["subject", "proposal"]


@admin.register(models.CommunicationItem)
class CommunicationItemAdmin(SimpleHistoryAdmin):
    list_display = ["message", "reform", "audience", "channel", "timing", "status"]
    list_filter = ["reform", "channel", "status"]


@admin.register(models.ImplementabilityItem)
class ImplementabilityItemAdmin(SimpleHistoryAdmin):
    list_display = ["initiative", "reform", "difficulty"]
    list_filter = ["reform", "difficulty"]


@admin.register(models.PageSection)
class PageSectionAdmin(SimpleHistoryAdmin):
    list_display = ["reform", "kind"]
    list_filter = ["reform", "kind"]


@admin.register(models.Lever)
class LeverAdmin(SimpleHistoryAdmin):
    list_display = ["name", "reform", "type", "phase", "used_share", "top3_share"]
    list_filter = ["type", "phase", "reform"]
    search_fields = ["name", "description", "evidence"]


@admin.register(models.Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "reform", "municipality", "status", "deadline", "published"]
    list_filter = ["status", "published", "reform"]
    search_fields = ["subject", "text"]

"""Admin of reports, recipients and dispatches (read-mostly: the services do the work)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Dispatch, Recipient, Report, ReportBatch


@admin.register(ReportBatch)
class ReportBatchAdmin(admin.ModelAdmin):
    list_display = ["period", "status", "run", "finished_at"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["period", "municipality", "state", "checksum", "rendered_at"]
    list_filter = ["state", "period"]


@admin.register(Recipient)
class RecipientAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "name", "email", "role", "active"]
    search_fields = ["name", "email", "municipality__name"]


@admin.register(Dispatch)
class DispatchAdmin(admin.ModelAdmin):
    list_display = ["quarter", "municipality", "status", "attempts", "sent_at", "message_id"]
    list_filter = ["quarter", "status"]

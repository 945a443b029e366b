"""Admin of the benchmarks app: targets are maintained here (evaluations: evaluation/admin.py);
reports, recipients and dispatches are read-mostly (the services do the work)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Dispatch,
    MunicipalTarget,
    Recipient,
    Report,
    ReportBatch,
)


@admin.register(MunicipalTarget)
class MunicipalTargetAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "indicator", "baseline_period", "target_value", "target_date"]
    list_filter = ["indicator"]


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


from .evaluation import admin as _evaluation_admin  # noqa: E402, F401

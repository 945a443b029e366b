"""Django admin for the a-kasser (the organisations of the a-kasse users)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AKasse


@admin.register(AKasse)
class AKasseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "email"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}

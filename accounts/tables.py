"""Tables for the user list."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import User


class UserTable(tables.Table):
    username = tables.Column(linkify=("accounts:user_detail", [tables.A("pk")]))
    full_name = tables.Column(
        accessor="get_full_name", verbose_name=_("Navn"), order_by=("first_name", "last_name")
    )
    is_active = tables.BooleanColumn(verbose_name=_("Aktiv"), yesno=(_("Ja"), _("Nej")))

    class Meta:
        model = User
        fields = [
            "username",
            "full_name",
            "email",
            "role",
            "municipality",
            "is_active",
            "last_login",
        ]
        empty_text = _("Ingen brugere matcher søgningen.")

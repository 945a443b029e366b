"""API base classes: the scoped, permission-checked viewsets every app builds on."""

from rest_framework import viewsets
from rules.contrib.rest_framework import AutoPermissionViewSetMixin

from .access import visible_to


class ScopedViewSetMixin(AutoPermissionViewSetMixin):
    """Querysets narrowed by core.access.visible_to; rules permission checked per action
    (list included, so a role without `view` gets 403 rather than an empty list)."""

    permission_type_map = {
        **AutoPermissionViewSetMixin.permission_type_map,
        "list": "view",
    }

    def get_queryset(self):
        return visible_to(super().get_queryset(), self.request.user)


class StarModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Create, read, update and delete, scoped to the user."""


class StarReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Read-only, scoped to the user."""

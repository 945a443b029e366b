"""API base classes: the scoped, permission-checked viewsets every app builds on."""

from django.core.exceptions import PermissionDenied
from rest_framework import viewsets
from rules.contrib.rest_framework import AutoPermissionViewSetMixin

from .access import visible_to


class ScopedViewSetMixin(AutoPermissionViewSetMixin):
    """Querysets narrowed by core.access.visible_to; rules permission checked per action
    (list included, so a role without `view` gets 403 rather than an empty list)."""

    permission_type_map = {
        **AutoPermissionViewSetMixin.permission_type_map,
        "list": "view",
        # OPTIONS (DRF's metadata): checked in options() below, because the mixin would call
        # get_object() on a list route too (500).
        "metadata": None,
    }

    def options(self, request, *args, **kwargs):
        """Describing an endpoint is reading it: `view` on the object (detail) or the model."""
        lookup = self.lookup_url_kwarg or self.lookup_field
        obj = self.get_object() if lookup in self.kwargs else None
        if not request.user.has_perm(self.get_queryset().model.get_perm("view"), obj):
            raise PermissionDenied
        return super().options(request, *args, **kwargs)

    def get_queryset(self):
        return visible_to(super().get_queryset(), self.request.user)


class StarModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Create, read, update and delete, scoped to the user."""


class StarReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Read-only, scoped to the user."""

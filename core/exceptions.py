"""API errors are always JSON: DRF's handler plus Django's own exceptions."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "Konflikt."
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError as a 400 with field errors and a delete of
    a still-referenced object (ProtectedError) as a 409."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, ProtectedError | RestrictedError):
        # Deleting an object other objects still refer to: 409 with what refers to it, not 500.
        used_by = sorted({str(obj._meta.verbose_name) for obj in exc.args[1]})
        exc = Conflict(
            _("Kan ikke slettes, fordi det stadig bruges af: %(used_by)s.")
            % {"used_by": ", ".join(used_by)}
        )
    elif isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, list):
        # A bare list (e.g. "Null-tegn er ikke tilladte." for a NUL in ?search=) is not an
        # object of field errors: put it under non_field_errors, like serializer.validate().
        exc = exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.detail})
    return drf_exception_handler(exc, context)

"""OpenAPI schema generation: every operation documents its JSON error responses.

DRF answers errors as JSON (core.exceptions): ``{"detail": "…"}`` for 401, 403, 404, 405 and 409,
and ``{"field": ["message", …]}`` for a 400 with field errors. drf-spectacular only documents
the success response by default, so StarAutoSchema adds the error responses each operation can
give, which lets clients and schemathesis check them.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    """The body of a 401, 403, 404 or 405: one human-readable (Danish) message."""

    detail = serializers.CharField()

    class Meta:
        ref_name = "ErrorDetail"


#: A 400: field name (or "detail" / "non_field_errors") -> list of messages.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Field name -> list of messages (or `detail` / `non_field_errors`).",
    "additionalProperties": {},
}

ERROR_RESPONSES = {
    "400": OpenApiResponse(VALIDATION_ERROR_SCHEMA, description=_("Ugyldige data")),
    "401": OpenApiResponse(ErrorDetailSerializer, description=_("Ikke logget ind")),
    "403": OpenApiResponse(ErrorDetailSerializer, description=_("Ingen adgang")),
    "404": OpenApiResponse(ErrorDetailSerializer, description=_("Ikke fundet")),
    "409": OpenApiResponse(
        ErrorDetailSerializer, description=_("Kan ikke slettes: andre objekter bruger det")
    ),
}


class StarAutoSchema(AutoSchema):
    def error_codes(self):
        """The error status codes this operation can answer."""
        codes = ["401", "403"]
        # Request bodies and query parameters (filters, ?period=) are validated: 400.
        if self.method != "DELETE":
            codes.insert(0, "400")
        # An object addressed in the path may not exist or be out of the user's scope: 404.
        # Lists answer 404 for a page beyond the last (DRF's pagination).
        if "{" in self.path or self.method == "GET":
            codes.append("404")
        # Deleting an object others still refer to (on_delete=PROTECT): 409.
        if self.method == "DELETE":
            codes.append("409")
        return codes

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # An optional URL (blank=True) is "" when empty, which is not a "uri".
        if (
            isinstance(field, serializers.URLField)
            and field.allow_blank
            and schema.get("format") == "uri"
        ):
            uri = {key: schema.pop(key) for key in ("type", "format", "maxLength") if key in schema}
            schema["oneOf"] = [uri, {"type": "string", "maxLength": 0}]
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self.error_codes():
            if code not in responses or "content" not in responses[code]:
                responses[code] = self._get_response_for_code(
                    ERROR_RESPONSES[code], code, direction=direction
                )
        return responses

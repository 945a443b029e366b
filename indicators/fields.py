"""Model fields of the indicators app."""

import json

from django.db import models


class CodeListField(models.JSONField):
    """A list of municipality codes (the peers of a figure): ``smallint[]`` on PostgreSQL, JSON
    text elsewhere (SQLite, the embedded default).

    On PostgreSQL a native array is much cheaper to load than jsonb (the computation COPYs
    117 600 of them in binary: no JSON parsing in the server, no text building in Python).
    Python sees a list of ints (or None) on both; serializers treat it as the JSONField it
    derives from. JSON lookups are not supported on PostgreSQL (nobody queries inside peers).
    """

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "smallint[]"
        return super().db_type(connection)

    def get_db_prep_value(self, value, connection, prepared=False):
        if connection.vendor == "postgresql":
            return None if value is None else [int(code) for code in value]
        return super().get_db_prep_value(value, connection, prepared)

    def get_placeholder(self, value, compiler, connection):
        # Having this method keeps Django's UNNEST bulk insert (which would flatten arrays)
        # away from this column on PostgreSQL.
        return "%s"

    def from_db_value(self, value, expression, connection):
        if value is None or isinstance(value, list):
            return value
        return json.loads(value)

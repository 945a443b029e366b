"""Model fields of the indicators app."""

from django.db import models


class CodeListField(models.JSONField):
    """A list of municipality codes (the peers of a figure), stored as ``smallint[]``.

    A native array is much cheaper to load than jsonb (the computation COPYs 117 600 of them
    in binary: no JSON parsing in the server, no text building in Python). Python sees a list
    of ints (or None); serializers treat it as the JSONField it derives from. JSON lookups are
    not supported (nobody queries inside peers).
    """

    def db_type(self, connection):
        return "smallint[]"

    def get_db_prep_value(self, value, connection, prepared=False):
        return None if value is None else [int(code) for code in value]

    def get_placeholder(self, value, compiler, connection):
        # Having this method keeps Django's UNNEST bulk insert (which would flatten arrays)
        # away from this column.
        return "%s"

    def from_db_value(self, value, expression, connection):
        # psycopg2 returns the array as a list: no JSON decoding.
        return value

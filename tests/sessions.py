"""A second PostgreSQL session on the test database, for tests that need another backend
(advisory locks are re-entrant within one session; row locks are not seen by their holder)."""

import psycopg2
from django.db import connection


def other_session():
    """A new psycopg2 connection to the database Django's connection uses (close it)."""
    db = connection.settings_dict
    return psycopg2.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    )

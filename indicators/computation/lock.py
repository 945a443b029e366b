"""One computation at a time: a PostgreSQL session advisory lock.

``computation_lock`` waits for the lock (and runs the inputs statement in the same round trip);
``computation_idle`` asks without waiting (the recovery sweeper)."""

import contextlib

from django.db import connection, transaction

#: pg_advisory_lock key of the indicator computation ("STAR" + 6).
COMPUTE_LOCK_KEY = 0x53544152_06


@contextlib.contextmanager
def computation_lock(*, then=None):
    """Only one computation at a time: a second one waits here until the first is done.

    then: (sql, params) of a query run right after the lock is taken, in the same
    round trip; its first row is yielded (else None)."""
    sql, params = then or ("", None)
    # Inside a caller's transaction a savepoint keeps a failure from aborting it (in
    # autocommit, the usual case, the statements are their own implicit transaction).
    guard = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    with connection.cursor() as cursor:
        try:
            with guard:
                # One round trip (the statements in one query string). The key is a
                # constant integer (the only interpolated value).
                cursor.execute(
                    f"SELECT pg_advisory_lock({COMPUTE_LOCK_KEY:d})" + (f"; {sql}" if sql else ""),
                    params,
                )
                first = cursor.fetchone() if sql else None
        except Exception:
            # A session lock outlives the failed statement: release it (a lost connection
            # has taken it along already).
            with contextlib.suppress(Exception):
                cursor.execute("SELECT pg_advisory_unlock(%s)", [COMPUTE_LOCK_KEY])
            raise
    try:
        yield first
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [COMPUTE_LOCK_KEY])


@contextlib.contextmanager
def computation_idle():
    """Yield True while holding the computation lock (no computation runs), False when a
    computation holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [COMPUTE_LOCK_KEY])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [COMPUTE_LOCK_KEY])

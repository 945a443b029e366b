"""Health of the services the application depends on."""

from celery import current_app
from django.conf import settings
from django.db import connection

from .models import WorkerHeartbeat


def database_status():
    """'ok', or the error text when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return f"error: {exc.__class__.__name__}"
    return "ok"


def broker_status(timeout=1.0):
    """'ok', or the error text when the Celery broker cannot be reached."""
    try:
        # current_app is the project's Celery app (star_impl/__init__.py makes it current at
        # start-up), so core need not import the project package.
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return f"error: {exc.__class__.__name__}"
    return "ok"


def last_worker_heartbeat():
    """ISO time of the newest worker heartbeat, or None."""
    try:
        beat = WorkerHeartbeat.objects.order_by("-seen_at").first()
    except Exception:  # noqa: BLE001 - the database check reports the cause
        return None
    return beat.seen_at.isoformat() if beat else None


def health():
    """(http status, JSON body): 503 only when the database is down; a broker outage is
    reported but keeps the web server in rotation (pages do not depend on it)."""
    db = database_status()
    broker = broker_status()
    body = {
        "status": "ok" if db == "ok" and broker == "ok" else "degraded",
        "database": db,
        "broker": broker,
        "broker_transport": "redis"
        if settings.CELERY_BROKER_URL.startswith("redis")
        else "filesystem",
        "worker_last_seen": last_worker_heartbeat() if db == "ok" else None,
    }
    return (200 if db == "ok" else 503), body

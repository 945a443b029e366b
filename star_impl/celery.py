"""The Celery application: configured from Django settings (CELERY_*), tasks autodiscovered."""

import os

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "star_impl.settings.local")

app = Celery("star_impl")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue("default"), Queue("reports")]
app.autodiscover_tasks()

if app.conf.broker_url.startswith("filesystem"):
    # kombu's filesystem transport (the embedded default) needs its folders to exist.
    for key in ("data_folder_in", "data_folder_out", "processed_folder"):
        folder = app.conf.broker_transport_options.get(key)
        if folder:
            os.makedirs(folder, exist_ok=True)


def _load_transports():
    """Import the broker transport and result backend modules now, at process start.

    kombu imports them on the first send: about 0.1 s for redis-py, paid by the first request
    or import that starts a task (the first upload of a web process waited for it). Nothing
    connects here: a Connection object only picks its transport class (the connection itself
    is opened by core.services.broker_connect_ahead, or by the first send)."""
    connection = app.connection_for_write()
    try:
        connection.transport  # noqa: B018 - the property imports and instantiates it
    finally:
        connection.release()
    app.backend  # noqa: B018 - the same for the (disabled) result backend
    # The sending machinery (task sender, event dispatcher, router), built on the first send
    # otherwise: ~3 ms and a few imports.
    app.amqp.send_task_message  # noqa: B018
    app.amqp.router  # noqa: B018


_load_transports()

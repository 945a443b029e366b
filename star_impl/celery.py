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

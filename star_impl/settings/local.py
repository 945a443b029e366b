"""Local mode (the default): `make run` on embedded defaults, or `make up` with DEBUG off."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
LOG_FORMAT = env("LOG_FORMAT", default="console")
LOGGING["formatters"]["structured"]["processors"][-1] = (  # noqa: F405
    structlog.dev.ConsoleRenderer(colors=False)  # noqa: F405
    if LOG_FORMAT == "console"
    else structlog.processors.JSONRenderer()  # noqa: F405
)
# Static files straight from the finders, so `make run` needs no collectstatic.
# STATIC_FROM_FINDERS=0 serves STATIC_ROOT as collectstatic wrote it, compressed (gzip, brotli)
# as in production (make up, tests/perf/bench_pages.py).
WHITENOISE_USE_FINDERS = env.bool("STATIC_FROM_FINDERS", default=True)
WHITENOISE_AUTOREFRESH = DEBUG

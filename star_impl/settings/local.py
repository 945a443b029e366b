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
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

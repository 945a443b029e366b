"""Settings shared by every mode; everything secret or site-specific comes from the environment."""

from pathlib import Path

import environ
import structlog
from celery.schedules import crontab
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-not-for-production-use-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tables2",
    "django_htmx",
    "django_celery_beat",
    "core",
    "accounts",
    "indicators",
    "reforms",
    "risklog",
    "benchmarks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_structlog.middlewares.RequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "star_impl.urls"
WSGI_APPLICATION = "star_impl.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL, or the embedded PostgreSQL of `make run` (scripts/embedded_db.py):
# its Unix socket in var/postgres, no TCP port (README, "Embedded database").
EMBEDDED_DB_DIR = VAR_DIR / "postgres"
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "star_impl",
            "USER": "postgres",
            "HOST": str(EMBEDDED_DB_DIR),
            "PORT": "5432",
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # invitation links stay valid for three days
# Password-reset requests admitted per e-mail address and per client IP address within the
# window (seconds); counted in the database (accounts.throttle). More answer 429.
PASSWORD_RESET_PER_ADDRESS = env.int("PASSWORD_RESET_PER_ADDRESS", default=3)
PASSWORD_RESET_PER_IP = env.int("PASSWORD_RESET_PER_IP", default=20)
PASSWORD_RESET_WINDOW = env.int("PASSWORD_RESET_WINDOW", default=60 * 60)
# API tokens (accounts.tokens): refused and deleted this many days after they were made.
API_TOKEN_LIFETIME_DAYS = env.int("API_TOKEN_LIFETIME_DAYS", default=90)

# Sessions and cache never touch Redis: pages are served while the broker is down.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# django-axes: lock a username + IP pair after 5 failures.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Danish date and month styles (core/formats/da/formats.py): "6. dec. 2026", "nov. 2026".
FORMAT_MODULE_PATH = ["core.formats"]
# A filter's empty choice reads "Alle", not "---------" (django-filter).
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("Alle")
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/dkfds", NODE_MODULES / "dkfds" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail: EMAIL_URL (smtp://host:port), console by default.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="STAR Impl <noreply@star.dk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 30

# Celery: REDIS_URL is the broker; without it kombu's filesystem transport under var/.
REDIS_URL = env("REDIS_URL", default="")
BROKER_DIR = Path(env("BROKER_DIR", default=str(VAR_DIR / "broker")))
CELERY_TASK_VISIBILITY_TIMEOUT = 4 * 60 * 60  # longer than the longest task (hard limit below)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_VISIBILITY_TIMEOUT}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        # kombu's exchange tables (celery's pidbox), else ./control in the working directory
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True  # state that matters lives in our own tables
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 50 * 60
CELERY_TASK_TIME_LIMIT = 60 * 60  # below the visibility timeout
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES_NAMES = ["default", "reports"]
CELERY_TASK_ROUTES = {"benchmarks.tasks.render_*": {"queue": "reports"}}
CELERY_TASK_ROUTES["risklog.tasks.render_*"] = {"queue": "reports"}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Synced into django-celery-beat's tables when beat starts; apps add their entries here.
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "core.tasks.worker_heartbeat", "schedule": 60.0},
    "reforms-flag-overdue-questions": {
        "task": "reforms.tasks.flag_overdue_questions",
        "schedule": 60 * 60.0,
    },
    # New jobindsats months, every 6 hours (a no-op without JOBINDSATS_API_KEY).
    "jobindsats-fetch-new": {
        "task": "indicators.tasks_jobindsats.jobindsats_fetch_new_task",
        "schedule": 6 * 60 * 60.0,
    },
    # benchmarks: re-enqueue work a dead worker left pending; the quarterly dispatch is checked
    # every working-day morning at 07:30 (outside the 02:00-03:00 DST window).
    "reports-sweep": {"task": "benchmarks.tasks.sweep_reports", "schedule": 300.0},
    "reports-dispatch-due": {
        "task": "benchmarks.tasks.dispatch_due",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon-fri"),
    },
}
CELERY_BEAT_SCHEDULE["accounts-purge-expired-tokens"] = {
    "task": "accounts.tasks.purge_expired_tokens",
    "schedule": crontab(hour=3, minute=30),
}
# risklog: status requests before implementation-group meetings (daily), owners' digest (weekly).
CELERY_BEAT_SCHEDULE["risklog-status-requests"] = {
    "task": "risklog.tasks.send_status_requests",
    "schedule": crontab(hour=7, minute=0),
}
CELERY_BEAT_SCHEDULE["risklog-weekly-digest"] = {
    "task": "risklog.tasks.send_risk_digests",
    "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
}
# På sporet: the current month's status snapshot of every reform (reforms.track), daily.
CELERY_BEAT_SCHEDULE["reforms-track-snapshots"] = {
    "task": "reforms.tasks.take_track_snapshots",
    "schedule": crontab(hour=6, minute=15),
}
# Recovery of indicator computations (indicators.computation.recovery): a queued run is resent
# this long after its last send; a run "running" while nobody holds the computation lock is
# marked interrupted.
CELERY_BEAT_SCHEDULE["indicators-recover-computation-runs"] = {
    "task": "indicators.tasks.recover_computation_runs",
    "schedule": 60.0,
}
# Queued imports (indicators/imports/queued.py) whose message was lost are sent again.
CELERY_BEAT_SCHEDULE["indicators-sweep-imports"] = {
    "task": "indicators.tasks.sweep_imports",
    "schedule": 300.0,
}
COMPUTATION_REQUEUE_AFTER_MINUTES = env.int("COMPUTATION_REQUEUE_AFTER_MINUTES", default=5)
#: Days before an implementation-group meeting that responsible people are asked for status.
RISKLOG_STATUS_REQUEST_DAYS = env.int("RISKLOG_STATUS_REQUEST_DAYS", default=5)
# På sporet (reforms.track, docs/reforms.md): the thresholds of the reform's status.
#: A national value counts as behind its path when it is more than this many of the indicator's
#: units (pct. points for a percentage) on the wrong side of the path.
TRACK_INDICATOR_TOLERANCE = env.float("TRACK_INDICATOR_TOLERANCE", default=1.0)
#: Consecutive months behind (up to the latest month) that make a sigtelinje amber, then red.
TRACK_INDICATOR_AMBER_MONTHS = env.int("TRACK_INDICATOR_AMBER_MONTHS", default=1)
TRACK_INDICATOR_RED_MONTHS = env.int("TRACK_INDICATOR_RED_MONTHS", default=3)
#: Risk-matrix levels (codes of risklog's fixture) whose residual makes a reform red / amber.
TRACK_RISK_RED_LEVEL = env.str("TRACK_RISK_RED_LEVEL", default="critical")
TRACK_RISK_AMBER_LEVEL = env.str("TRACK_RISK_AMBER_LEVEL", default="high")
#: An unfinished initiative past its end date is amber, red after this many days.
TRACK_INITIATIVE_OVERDUE_RED_DAYS = env.int("TRACK_INITIATIVE_OVERDUE_RED_DAYS", default=30)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_ALWAYS_EAGER = False

REST_FRAMEWORK = {
    # Token first: an anonymous call gets 401 with a WWW-Authenticate header, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.schema.StarAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "core.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "STAR Impl API",
    "DESCRIPTION": "Reformer, indikatorer, benchmark og rapporter for de 98 kommuner.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed sidecar package: no CDN at run time (CSP 'self').
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PhaseKindEnum": "reforms.models.Phase.Kind",
        "GroupKindEnum": "reforms.models.Group.Kind",
        "OfficeKindEnum": "reforms.models.Office.Kind",
        # jobindsats' four benefit groups: clusters, indicators and filters share one enum.
        "BenefitGroupEnum": "indicators.groups.BENEFIT_GROUP_CHOICES",
    },
}
# risklog: one enum for the green/yellow/red status of content and progress.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})["RagStatusEnum"] = (
    "risklog.models.RagStatus"
)

# Content-Security-Policy (django-csp 4): no inline scripts, no third-party origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

#: Answers under this path are the API's: never cached (core.middleware.PrivateNoStoreMiddleware).
API_PATH_PREFIX = "/api/"

DJANGO_TABLES2_TEMPLATE = "core/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table--zebra table--compact"}

DEMO_PASSWORD = env("DEMO_PASSWORD", default="demo-star-2026")
# Absolute links in e-mails (escalations, overdue questions).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
SUPPRESS_BELOW = env.int("SUPPRESS_BELOW", default=5)
# benchmarks: PDF reports and their quarterly dispatch (docs/reports.md); links use SITE_URL.
REPORT_SWEEP_STALE_AFTER = env.int("REPORT_SWEEP_STALE_AFTER", default=15 * 60)  # seconds
REPORT_DISPATCH_MAX_ATTEMPTS = env.int("REPORT_DISPATCH_MAX_ATTEMPTS", default=6)
REPORT_DISPATCH_BACKOFF = env.int("REPORT_DISPATCH_BACKOFF", default=120)  # seconds, doubled
REPORT_MESSAGE_ID_DOMAIN = env("REPORT_MESSAGE_ID_DOMAIN", default="star-impl.star.dk")
# The benchmark summary's "som forventet": within this share of the expected level (0.05 = 5 %).
BENCHMARK_EXPECTED_TOLERANCE = env.float("BENCHMARK_EXPECTED_TOLERANCE", default=0.05)
# The peers' population guard (docs/benchmark-pages.md): set (e.g. 4), the benchmark page offers
# beside the model's 10 peers a view of the nearest among municipalities whose folketal is within
# this factor of the municipality's. None (default): off, only the contract's peers are shown.
BENCHMARK_PEER_POPULATION_RATIO = env.float("BENCHMARK_PEER_POPULATION_RATIO", default=None)
#: Fonts of every PDF (core.pdf): IBM Plex Sans, the DKFDS typeface, from the dkfds npm package
#: that `make install` puts in node_modules; no system font is needed.
PDF_FONT_DIR = Path(
    env(
        "PDF_FONT_DIR",
        default=str(BASE_DIR / "node_modules/dkfds/dist/fonts/IBMPlexSans/complete/ttf"),
    )
)
PDF_FONTS = [
    {"family": "IBM Plex Sans", "weight": weight, "style": style, "path": PDF_FONT_DIR / name}
    for weight, style, name in [
        (400, "normal", "IBMPlexSans-Regular.ttf"),
        (400, "italic", "IBMPlexSans-Italic.ttf"),
        (700, "normal", "IBMPlexSans-Bold.ttf"),
        (700, "italic", "IBMPlexSans-BoldItalic.ttf"),
    ]
]
JOBINDSATS_API_KEY = env("JOBINDSATS_API_KEY", default="")
JOBINDSATS_BASE_URL = env("JOBINDSATS_BASE_URL", default="https://api.jobindsats.dk")
# (table, dimension values, measure label) -> measure code map: a JSON file path (default
# indicators/data/jobindsats_map.json); the newest JOBINDSATS_MAX_PERIODS periods are fetched.
JOBINDSATS_MEASURE_MAP = env("JOBINDSATS_MEASURE_MAP", default="") or None
JOBINDSATS_MAX_PERIODS = env.int("JOBINDSATS_MAX_PERIODS", default=12)

# Caps of an observation file (indicators/imports/parse.py): an XLSX sheet's lines and
# columns (its declared dimension is ignored) and the nesting of a JSON file.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=1_048_576)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=100)
IMPORT_MAX_JSON_DEPTH = env.int("IMPORT_MAX_JSON_DEPTH", default=32)
# Uploads above this size (bytes) are validated and loaded by the worker: the page and the API
# answer at once (202) and the import's page shows its progress; smaller ones in the request.
IMPORT_ASYNC_ABOVE_BYTES = env.int("IMPORT_ASYNC_ABOVE_BYTES", default=2 * 1024 * 1024)
# ... and so does a smaller XLSX whose members would unpack to more than this (bytes).
IMPORT_ASYNC_ABOVE_UNPACKED_BYTES = env.int(
    "IMPORT_ASYNC_ABOVE_UNPACKED_BYTES", default=10 * 1024 * 1024
)
# A JSON file larger than this is refused before it is parsed (bytes).
IMPORT_MAX_JSON_BYTES = env.int("IMPORT_MAX_JSON_BYTES", default=20 * 1024 * 1024)
# An XLSX archive is refused before it is opened when its members would unpack to more than
# this many bytes, or one member above 10 MB unpacks to more than IMPORT_MAX_XLSX_RATIO times
# its compressed size (a zip bomb).
IMPORT_MAX_XLSX_UNPACKED_BYTES = env.int("IMPORT_MAX_XLSX_UNPACKED_BYTES", default=400 * 1024**2)
IMPORT_MAX_XLSX_RATIO = env.int("IMPORT_MAX_XLSX_RATIO", default=100)
# An XLSX whose shared-string table holds more entries or characters is refused while it is read
# (indicators/imports/xlsx.py keeps the table as UTF-8 bytes: 50 M characters is about 50 MB).
IMPORT_MAX_XLSX_SHARED_STRINGS = env.int("IMPORT_MAX_XLSX_SHARED_STRINGS", default=2_000_000)
IMPORT_MAX_XLSX_SHARED_CHARS = env.int("IMPORT_MAX_XLSX_SHARED_CHARS", default=50_000_000)
# A refused file keeps (and shows) its first IMPORT_MAX_ERRORS errors and the count of the rest.
IMPORT_MAX_ERRORS = env.int("IMPORT_MAX_ERRORS", default=100)

LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOG_FORMAT = env("LOG_FORMAT", default="json")  # json (one object a line) or console
_shared_processors = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso"),
]
structlog.configure(
    processors=[
        *_shared_processors,
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    cache_logger_on_first_use=True,
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.JSONRenderer()
                if LOG_FORMAT == "json"
                else structlog.dev.ConsoleRenderer(colors=False),
            ],
            "foreign_pre_chain": _shared_processors,
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_structlog": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

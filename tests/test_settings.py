"""Settings load in all four modes; production refuses to start without SECRET_KEY."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROD_ENV = {
    "SECRET_KEY": "x" * 20 + "production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "star-impl.example.dk",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
}


def run_manage(module, *args, extra_env=None, drop=(), timeout=120):
    drop = (*drop, "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["DJANGO_SETTINGS_MODULE"] = module
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize(
    "module",
    ["star_impl.settings.local", "star_impl.settings.test", "star_impl.settings.production"],
)
def test_settings_module_loads(module):
    result = run_manage(
        module,
        "shell",
        "-c",
        "from django.conf import settings; print(settings.TIME_ZONE, settings.LANGUAGE_CODE)",
        extra_env=PROD_ENV if module.endswith("production") else None,
    )
    assert result.returncode == 0, result.stderr
    assert "Europe/Copenhagen da" in result.stdout


def test_base_settings_load():
    result = subprocess.run(
        [sys.executable, "-c", "import star_impl.settings.base as b; print(b.AUTH_USER_MODEL)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "accounts.User"


def test_production_refuses_to_start_without_secret_key():
    result = run_manage(
        "star_impl.settings.production",
        "check",
        extra_env={k: v for k, v in PROD_ENV.items() if k != "SECRET_KEY"},
        drop=("SECRET_KEY",),
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_passes_the_deploy_check():
    result = run_manage(
        "star_impl.settings.production",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        extra_env=PROD_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_embedded_defaults_without_database_and_redis_urls():
    result = run_manage(
        "star_impl.settings.local",
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['HOST'], d['PORT'], d['NAME'], s.CELERY_BROKER_URL)",
        drop=("DATABASE_URL", "REDIS_URL"),
    )
    assert result.returncode == 0, result.stderr
    # The embedded PostgreSQL of `make run` (scripts/embedded_db.py): its socket in var/.
    assert result.stdout.splitlines()[-1].split() == [
        "django.db.backends.postgresql",
        str(ROOT / "var" / "postgres"),
        "5432",
        "star_impl",
        "filesystem://",
    ]


def test_malformed_database_url_is_a_clear_error():
    result = run_manage(
        "star_impl.settings.local", "check", extra_env={"DATABASE_URL": "nonsense://x"}
    )
    assert result.returncode != 0
    assert "nonsense" in result.stderr


def test_settings_values_for_celery_safety():
    from django.conf import settings

    assert settings.CELERY_TASK_SERIALIZER == "json"
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_TIME_LIMIT < settings.CELERY_TASK_VISIBILITY_TIMEOUT
    assert settings.TIME_ZONE == "Europe/Copenhagen"
    assert "redis" not in settings.CACHES["default"]["BACKEND"].lower()
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"

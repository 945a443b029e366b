"""Shared fixtures: the five role users, logged-in clients, a real Celery worker, Chromium."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures
# there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
ROLES = ["anonymous", "admin", "staff", "steering", "jc751", "jc101", "akasse"]
ROLE_USERNAMES = {
    "admin": "admin",
    "staff": "star",
    "steering": "styregruppe",
    "jc751": "jc751",
    "jc101": "jc101",
    "akasse": "akasse1",
}


DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _geography(request, django_db_blocker):
    """The 98 municipalities are reference data every database test may rely on
    (transactional tests flush the rows the migration loaded; they are put back here)."""
    if not (
        request.node.get_closest_marker("django_db") or DB_FIXTURES & set(request.fixturenames)
    ):
        return
    from indicators.geography import load_geography
    from indicators.models import Municipality, Region

    with django_db_blocker.unblock():
        if Municipality.objects.count() != 98:
            load_geography(Region, Municipality)


@pytest.fixture
def users(db):
    """The demo users of CONTRACT.md §4, keyed by role name."""
    from django.utils import timezone

    from accounts.demo import seed_users
    from core.demo import DemoOptions

    seed_users(DemoOptions(seed=1, months=1, end=timezone.localdate(), password="pw-test-2026"))
    from accounts.models import User

    return {role: User.objects.get(username=name) for role, name in ROLE_USERNAMES.items()}


@pytest.fixture
def client_for(users, client):
    """client_for(role) -> a Django test client logged in as that role (anonymous: none)."""
    from django.test import Client

    def make(role):
        c = Client()
        if role != "anonymous":
            c.force_login(users[role])
        return c

    return make


@pytest.fixture
def api_for(users):
    """api_for(role) -> a DRF APIClient authenticated as that role (anonymous: none)."""

    def make(role):
        c = APIClient()
        if role != "anonymous":
            c.force_authenticate(users[role])
        return c

    return make


def _worker_env():
    db = connection.settings_dict
    env = os.environ.copy()
    env.update(
        DJANGO_SETTINGS_MODULE="star_impl.settings.test",
        DATABASE_URL=(
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        REDIS_URL=settings.CELERY_BROKER_URL,
        EMAIL_URL=os.environ.get("WORKER_EMAIL_URL", "consolemail://"),
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    """A real Celery worker process on the real Redis, reading the test database."""
    from star_impl.celery import app

    app.control.purge()
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "star_impl",
            "worker",
            "--queues",
            "default,reports",
            "--pool",
            "solo",
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname",
            f"test-worker-{os.getpid()}@%h",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=_worker_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if "ready" in (tmp_path / "worker.log").read_text():
            break
        if proc.poll() is not None:
            raise RuntimeError((tmp_path / "worker.log").read_text())
        time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("worker did not start:\n" + (tmp_path / "worker.log").read_text())
    proc.log_path = tmp_path / "worker.log"
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def wait_for(predicate, timeout=30, interval=0.2):
    """Poll predicate() until truthy; returns its value or raises AssertionError."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (make deps)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="da-DK", base_url=live_server.url)
    p = context.new_page()
    p.set_default_timeout(15000)
    yield p
    context.close()


def login(page, username, password):
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit] >> text=Log ind")


@pytest.fixture(autouse=True)
def _fresh_benchmark_cache():
    """Each test starts with an empty per-process benchmark page cache (benchmarks.cache)."""
    from benchmarks import cache

    cache.clear()

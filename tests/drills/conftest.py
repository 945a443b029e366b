"""Failure drills: each drill gets its own throwaway PostgreSQL cluster and Redis server on free
ports and runs the application (gunicorn, a Celery worker, management commands) as subprocesses
against them, so the test run's own database and Redis are never touched.

One template cluster is built per session (migrate + seed_demo + extra indicators, so that a
computation takes seconds); each drill's cluster is a fresh `pg_createcluster` whose data
directory is replaced by a copy of the stopped template (seconds instead of a 20-second
migrate). Every cluster is dropped in teardown, also when the drill fails.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg2
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
#: The virtualenv running the tests (python, gunicorn, celery): not necessarily ROOT/.venv (a
#: git worktree runs the main checkout's virtualenv).
BIN = Path(sys.executable).parent
PASSWORD = "drill-pw-2026"
SECRET_KEY = "drill-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123"
#: Copies of each demo indicator in the template: 36 indicators, ~85 000 values, so that a
#: full computation runs for a few seconds (long enough to pull the plug in the middle).
EXTRA_COPIES = 8


def pg_version():
    versions = sorted((p.name for p in Path("/etc/postgresql").iterdir()), key=float)
    return versions[-1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout=30.0, interval=0.1, what="condition"):
    """Poll predicate() until truthy; return its value or fail with `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not met within {timeout} s")
        time.sleep(interval)


def _run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)
    if result.returncode:
        raise RuntimeError(f"{cmd} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result


class PgCluster:
    """A Debian PostgreSQL cluster (pg_createcluster) on a free port, trust auth."""

    def __init__(self, name):
        self.version = pg_version()
        self.name = f"drill_{name}_{os.getpid()}"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self.data_dir = Path(f"/var/lib/postgresql/{self.version}/{self.name}")

    def create(self, template=None):
        _run(
            ["pg_createcluster", self.version, self.name, "-p", str(self.port)]
            + ["--", "--auth=trust"]
        )
        if template is not None:
            shutil.rmtree(self.data_dir)
            _run(["cp", "-a", str(template), str(self.data_dir)])
        return self

    def start(self):
        _run(["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, "start"])
        wait_for(self.is_up, timeout=30, what=f"cluster {self.name} accepts connections")

    def stop(self, mode="fast"):
        _run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, "stop"]
            + ["-m", mode]
        )

    def drop(self):
        # Immediate stop first: the data is thrown away, no checkpoint needed.
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, "stop"]
            + ["-m", "immediate"],
            capture_output=True,
            check=False,
        )
        subprocess.run(
            ["pg_dropcluster", "--stop", self.version, self.name], capture_output=True, check=False
        )

    def is_up(self):
        try:
            self.query("SELECT 1")
        except psycopg2.Error:
            return False
        return True

    def query(self, sql, params=None):
        """Rows of one statement in autocommit (fresh connection: survives restarts)."""
        conn = psycopg2.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", connect_timeout=3
        )
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            conn.close()

    def scalar(self, sql, params=None):
        return self.query(sql, params)[0][0]

    def values_checksum(self):
        """(row count, md5) of every stored indicator figure."""
        return self.query(
            "SELECT count(*), md5(coalesce(string_agg(concat_ws('|', indicator_id,"
            " municipality_id, period, value, numerator, denominator, suppressed, rank,"
            " national_value, change_3m, change_12m, milestone_reached), ','"
            " ORDER BY indicator_id, municipality_id, period), ''))"
            " FROM indicators_indicatorvalue"
        )[0]


class RedisServer:
    """redis-server on a free port, no persistence, as a subprocess we kill."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.is_up, timeout=10, what="redis answers PING")

    def is_up(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None


class DrillApp:
    """The application as subprocesses against one cluster and one Redis server."""

    def __init__(self, pg, redis, workdir):
        self.pg, self.redis, self.workdir = pg, redis, Path(workdir)
        self.web = self.worker = None
        self.web_port = free_port()
        self.base = f"http://127.0.0.1:{self.web_port}"
        self._logs = []

    @property
    def env(self):
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PYTEST", "DJANGO_", "TEST_DATABASE", "CELERY"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="star_impl.settings.local",
            DEBUG="0",
            DATABASE_URL=self.pg.url,
            REDIS_URL=self.redis.url if self.redis else "",
            SECRET_KEY=SECRET_KEY,
            DEMO_PASSWORD=PASSWORD,
            LOG_FORMAT="console",
            MEDIA_ROOT=str(self.workdir / "media"),
            # Drills do not wait minutes for the sweepers' grace periods.
            COMPUTATION_REQUEUE_AFTER_MINUTES="0",
            REPORT_SWEEP_STALE_AFTER="0",
            PYTHONUNBUFFERED="1",
        )
        return env

    def manage(self, *args, timeout=180):
        return _run(
            [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=self.env, timeout=timeout
        )

    def popen_manage(self, *args, log_name):
        log = open(self.workdir / log_name, "w")  # noqa: SIM115 - closed in stop()
        self._logs.append(log)
        return subprocess.Popen(
            [str(BIN / "python"), "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def start_web(self):
        log = open(self.workdir / "web.log", "w")  # noqa: SIM115 - closed in stop()
        self._logs.append(log)
        self.web = subprocess.Popen(
            [str(BIN / "gunicorn"), "star_impl.wsgi", "--bind", f"127.0.0.1:{self.web_port}"]
            + ["--workers", "2", "--timeout", "60", "--graceful-timeout", "2"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() kills master and workers
        )
        wait_for(self._web_answers, timeout=30, what="gunicorn answers /healthz")

    def _web_answers(self):
        if self.web.poll() is not None:
            raise RuntimeError("gunicorn exited:\n" + (self.workdir / "web.log").read_text())
        try:
            return requests.get(self.base + "/healthz", timeout=5).status_code in (200, 503)
        except requests.RequestException:
            return False

    @property
    def worker_log(self):
        return self.workdir / "worker.log"

    def start_worker(self):
        log = open(self.worker_log, "a")  # noqa: SIM115 - closed in stop()
        self._logs.append(log)
        start = self.worker_log.stat().st_size
        self.worker = subprocess.Popen(
            [str(BIN / "celery"), "-A", "star_impl", "worker", "--pool", "solo"]
            + ["-Q", "default,reports", "--without-gossip", "--without-mingle"]
            + ["--without-heartbeat", "-n", f"drill-{uuid.uuid4().hex[:6]}@%h"]
            + ["--loglevel", "INFO"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

        def ready():
            if self.worker.poll() is not None:
                raise RuntimeError("worker exited:\n" + self.worker_log.read_text())
            return "ready" in self.worker_log.read_text()[start:]

        wait_for(ready, timeout=60, what="celery worker ready")

    def send_task(self, name):
        """Send a task by name the way beat does (kombu straight to the drill's Redis)."""
        from celery import Celery

        app = Celery("drill", broker=self.redis.url)
        try:
            app.send_task(name, queue="default")
        finally:
            app.close()

    def login(self, username="star"):
        """A requests session logged in through the login page (CSRF and all)."""
        session = requests.Session()
        session.get(self.base + "/login/", timeout=10)
        response = session.post(
            self.base + "/login/",
            data={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            timeout=10,
        )
        assert response.status_code == 200 and "/login/" not in response.url, response.text[:500]
        return session

    def post_form(self, session, path, data=None, files=None, timeout=30):
        """GET the form page for its CSRF token, then POST; returns the final response."""
        page = session.get(self.base + path, timeout=timeout)
        assert page.status_code == 200, (path, page.status_code)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return session.post(
            self.base + path,
            data={"csrfmiddlewaretoken": token, **(data or {})},
            files=files,
            headers={"Referer": self.base + path},
            timeout=timeout,
        )

    def stop(self):
        # Throwaway processes: no warm shutdown needed (the drills' data is dropped anyway).
        for proc in (self.worker, self.web):
            if proc is not None and proc.poll() is None:
                proc.kill()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)
        if self.web is not None:
            # A SIGKILLed gunicorn master leaves its workers running until their next
            # parent check (up to the 60 s timeout): kill the whole group.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.web.pid, signal.SIGKILL)
        for log in self._logs:
            log.close()

    def kill_worker(self):
        os.kill(self.worker.pid, signal.SIGKILL)
        self.worker.wait(timeout=10)


# The extra indicators of the template: copies of the demo ones (same measures, new codes).
_EXTRA_INDICATORS = f"""
from indicators.models import Indicator
for i in range({EXTRA_COPIES}):
    for ind in list(Indicator.objects.exclude(code__contains="-drill-")):
        copy = Indicator.objects.create(
            code=f"{{ind.code}}-drill-{{i}}", name=f"{{ind.name}} ({{i}})", kind=ind.kind,
            numerator=ind.numerator, denominator=ind.denominator, scale=ind.scale,
            direction=ind.direction, milestone_threshold=ind.milestone_threshold,
            milestone_months=ind.milestone_months,
        )
        copy.framework.set(ind.framework.all())
"""


@pytest.fixture(scope="session")
def drill_template(tmp_path_factory):
    """The data directory of a stopped cluster with the migrated, seeded demo database."""
    missing = [t for t in ("pg_createcluster", "redis-server") if not shutil.which(t)]
    if missing or os.geteuid() != 0:
        pytest.skip(
            f"failure drills need root and Debian's postgresql-common and redis-server "
            f"(missing: {', '.join(missing) or 'root'})"
        )
    pg = PgCluster("template")
    workdir = tmp_path_factory.mktemp("drill-template")
    try:
        pg.create()
        pg.start()
        app = DrillApp(pg, None, workdir)
        app.manage("migrate", "--no-input", "-v", "0")
        app.manage("seed_demo", "--months", "24", "--end", "2026-10")
        app.manage("shell", "-c", _EXTRA_INDICATORS)
        app.manage("compute_indicators", "--sync")
        pg.query("VACUUM ANALYZE")
        pg.stop()
        yield pg.data_dir
    finally:
        pg.drop()


@pytest.fixture
def drill(drill_template, tmp_path):
    """drill(name, web=True, worker=True) -> a DrillApp on its own cluster and Redis server;
    everything is stopped and the cluster dropped afterwards, pass or fail."""
    started = []

    def make(name, web=True, worker=True):
        pg = PgCluster(name)
        started.append(pg)
        pg.create(template=drill_template)
        pg.start()
        redis = RedisServer()
        started.append(redis)
        redis.start()
        app = DrillApp(pg, redis, tmp_path)
        started.append(app)
        if web:
            app.start_web()
        if worker:
            app.start_worker()
        return app

    yield make
    for thing in reversed(started):
        with contextlib.suppress(Exception):
            if isinstance(thing, PgCluster):
                thing.drop()
            else:
                thing.stop()
    for path in sorted(tmp_path.glob("*.log")):
        text = path.read_text(errors="replace")
        if text:
            print(f"----- {path.name} (last 3000 chars)\n{text[-3000:]}")

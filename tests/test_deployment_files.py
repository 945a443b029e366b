"""docker-compose.yml and the Procfiles name only commands that exist in the project."""

import importlib
import shlex
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REQUIRED_SERVICES = {"postgres", "redis", "web", "worker", "beat", "mailpit"}
APP_SERVICES = {"web", "worker", "beat"}


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def check_command(words):
    """Assert every project entry point a command names exists (module, manage.py, app)."""
    checked = 0
    for i, word in enumerate(words):
        if word.endswith("manage.py"):
            assert (ROOT / "manage.py").exists()
            checked += 1
        if ":application" in word:
            module = word.split(":")[0]
            assert hasattr(importlib.import_module(module), "application"), word
            checked += 1
        if word == "-A":
            app = importlib.import_module(words[i + 1])
            assert app.celery_app.main == "star_impl"
            checked += 1
        if word.startswith("django_celery_beat.schedulers:"):
            module, attr = word.split(":")
            assert hasattr(importlib.import_module(module), attr)
            checked += 1
        if word.startswith("scripts/"):
            assert (ROOT / word).exists(), word
            checked += 1
        if word.startswith(".venv/bin/"):
            installed = ROOT / word
            if not (ROOT / ".venv").exists():  # a git worktree runs the main checkout's venv
                installed = Path(sys.executable).parent / word.removeprefix(".venv/bin/")
            assert installed.exists(), f"{word} is not installed"
            checked += 1
    return checked


def test_compose_has_the_services_sharing_one_image():
    services = compose()["services"]
    assert set(services) >= REQUIRED_SERVICES
    images = {services[name]["image"] for name in APP_SERVICES}
    assert images == {"star-impl:latest"}
    assert all(services[name]["build"] == "." for name in APP_SERVICES)
    assert (ROOT / "Dockerfile").exists()


def test_compose_commands_exist_in_the_project():
    services = compose()["services"]
    for name in APP_SERVICES:
        command = services[name]["command"]
        words = shlex.split(command[-1]) if command[0] == "sh" else command
        assert check_command(words) >= 1, (name, command)


def test_compose_environment_has_no_secrets():
    env = compose()["services"]["web"]["environment"]
    assert env["SECRET_KEY"].startswith("${SECRET_KEY")
    assert "${POSTGRES_PASSWORD" in env["DATABASE_URL"]


def test_procfiles_name_existing_commands():
    for procfile in ("Procfile", "Procfile.dev"):
        lines = [line for line in (ROOT / procfile).read_text().splitlines() if line.strip()]
        kinds = {line.split(":", 1)[0] for line in lines}
        # `make run` starts (and stops) the embedded PostgreSQL with the rest.
        extra = {"db"} if procfile == "Procfile.dev" else set()
        assert kinds == {"web", "worker", "beat"} | extra, procfile
        for line in lines:
            words = shlex.split(line.split(":", 1)[1])
            assert check_command(words) >= 1, line

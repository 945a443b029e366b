"""The embedded default (SQLite, `make run`): the same command, validation, counts and Danish
messages through the ORM loader (bulk_create/bulk_update); nothing stored on bad input."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEADER = "measure;municipality;period;value\n"


def test_import_command_on_sqlite(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="star_impl.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        BROKER_DIR=str(tmp_path / "broker"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )

    def manage(*args):
        return subprocess.run(  # from tmp_path: kombu's filesystem broker writes ./control
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def count():
        result = manage(
            "shell",
            "-c",
            "from indicators.models import Observation as O; "
            "print(O.objects.count(), sorted(O.objects.values_list('municipality_id', 'value')))",
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert manage("migrate", "-v0").returncode == 0
    created = manage(
        "shell",
        "-c",
        "from indicators.models import Measure; Measure.objects.create(code='kth', name='kth')",
    )
    assert created.returncode == 0, created.stderr
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "kth;751;2024-01;1,5\nkth;København;2024-01;..\n")
    result = manage("import_observations", str(good))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "created=2 updated=0 unchanged=0 skipped=0\n"
    assert count() == "2 [(101, None), (751, 1.5)]"

    good.write_text(HEADER + "kth;751;2024-01;2\nkth;101;2024-01;..\nkth;147;2024-01;3\n")
    result = manage("import_observations", str(good))
    assert result.stdout == "created=1 updated=1 unchanged=1 skipped=0\n"

    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "kth;751;2024-02;7\nkth;751;2024-02;x\nkth;0751;2024M02;8\n")
    result = manage("import_observations", str(bad))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "række 3, kolonne value: »x« er ikke et tal" in result.stderr
    assert "række 4: samme måling, kommune og periode som række 2" in result.stderr
    assert count() == "3 [(101, None), (147, 3.0), (751, 2.0)]"

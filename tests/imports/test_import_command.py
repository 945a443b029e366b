"""`import_observations PATH [--format] [--dry-run]`: summary line, exit codes, messages."""

import io
import subprocess
import sys

import pytest
from django.core.management import call_command

from .conftest import observations

pytestmark = pytest.mark.django_db

HEADER = "measure;municipality;period;value\n"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_observations", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_success_prints_exactly_the_summary_line(measures, tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text(HEADER + "kth_modtagere;751;2024-01;5\nkth_modtagere;101;2024-01;..\n")
    code, out, err = run(str(path))
    assert code == 0
    assert out == "created=2 updated=0 unchanged=0 skipped=0 ignored=0\n"
    code, out, _ = run(str(path))
    assert out == "created=0 updated=0 unchanged=2 skipped=0 ignored=0\n"
    path.write_text(HEADER + "kth_modtagere;751;2024-01;6\nkth_modtagere;101;2024-01;..\n")
    assert run(str(path))[1] == "created=0 updated=1 unchanged=1 skipped=0 ignored=0\n"


def test_bad_input_exits_1_with_one_danish_message_per_bad_row(measures, tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text(
        HEADER
        + "kth_modtagere;751;2024-01;5\n" * 1
        + "kth_modtagere;751;2024-02;5\n"
        + "kth_modtagere;751;2024-03;5\n"
        + "kth_modtagere;751;2024-04;5\n"
        + "kth_modtagere;751;2024-05;5\n"
        + "kth_modtagere;751;2024-06;-2\n"
        + "ukendt;751;2024-07;5\n"
    )
    code, out, err = run(str(path))
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith("række 7, kolonne value: ")
    assert lines[1].startswith("række 8, kolonne measure: ukendt måling »ukendt«")
    assert "intet er gemt" in lines[-1]
    assert observations() == {}


def test_dry_run_reports_and_stores_nothing(measures, tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text(HEADER + "kth_modtagere;751;2024-01;5\n")
    code, out, err = run(str(path), "--dry-run")
    assert (code, out) == (0, "created=1 updated=0 unchanged=0 skipped=0 ignored=0\n")
    assert "Prøvekørsel" in err
    assert observations() == {}


def test_format_option_and_jobindsats_skipped_count(db, tmp_path):
    import json

    from .test_import_formats import jobindsats_payload

    payload = jobindsats_payload(
        [
            ["Hele landet", "2024M01", "Ydelsesgrupper i alt", "1", "1", "1", "1"],
            ["Aarhus", "2024M01", "Ydelsesgrupper i alt", "1", "2", "1", "1"],
        ]
    )
    path = tmp_path / "y30r21.txt"
    path.write_text(json.dumps(payload))
    code, out, _ = run(str(path), "--format", "jobindsats-json")
    assert (code, out) == (0, "created=4 updated=0 unchanged=0 skipped=1 ignored=4\n")


def test_missing_file_is_an_error(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import_observations", str(tmp_path / "nope.csv"))


@pytest.mark.django_db(transaction=True)
def test_command_as_a_process_exit_codes(measures, tmp_path):
    """The real manage.py process against the test database: exit 0/1 and the summary."""
    from tests.conftest import ROOT, _worker_env

    good = tmp_path / "good.csv"
    good.write_text(HEADER + "kth_modtagere;751;2024-01;5\n")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "kth_modtagere;Hele landet;2024-01;5\n")
    env = _worker_env()
    ok = subprocess.run(
        [sys.executable, "manage.py", "import_observations", str(good)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert (
        ok.stdout.strip().splitlines()[-1] == "created=1 updated=0 unchanged=0 skipped=0 ignored=0"
    )
    fail = subprocess.run(
        [sys.executable, "manage.py", "import_observations", str(bad)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert fail.returncode == 1
    assert "række 2, kolonne municipality:" in fail.stderr
    assert observations() == {("kth_modtagere", 751, "2024-01"): 5.0}

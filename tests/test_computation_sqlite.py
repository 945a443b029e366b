"""The computation on the embedded default (SQLite, `make run`): the same plan, fingerprints
and incremental rules as on PostgreSQL, through the SQLite writer and loader."""

from tests.test_settings import run_manage

SCRIPT = """
import datetime
from indicators import services
from indicators.models import IndicatorValue, Observation
from tests.test_indicator_services import snapshot

full = snapshot()
again = services.indicators_compute()
assert again.rows_changed == 0, again.rows_changed
month = datetime.date(2025, 4, 1)
Observation.objects.filter(measure__code="virk_aktivering", period=month,
                           municipality_id__lt=500).update(value=3)
inc = services.indicators_compute(periods=[month])
incremental = snapshot()
assert incremental != full
forced = services.indicators_compute(force=True)
assert snapshot() == incremental
IndicatorValue.objects.filter(period=month).delete()
services.indicators_compute()
assert snapshot() == incremental
print("OK", len(full), inc.rows_changed, forced.rows_changed)
"""


def test_computation_on_sqlite(tmp_path):
    extra = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'star.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "0",
    }

    def manage(*args):
        result = run_manage(
            "star_impl.settings.local", *args, extra_env=extra, drop=("REDIS_URL",), timeout=600
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo", "--months", "6", "--end", "2025-06")
    out = manage("shell", "-c", SCRIPT)
    line = out.strip().splitlines()[-1].split()
    assert line[0] == "OK"
    rows, incremental, forced = map(int, line[1:])
    assert rows == 4 * 98 * 6
    # The changed month and the months whose changes or milestone depend on it (May, June).
    assert 98 <= incremental <= 4 * 98 * 3
    assert forced == rows

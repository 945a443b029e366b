"""The 5 x 5 risk matrix: loaded from risklog/fixtures/risk_matrix.json, the only place its
levels and labels are defined, and looked up by every page, export and the API."""

import json
from pathlib import Path

from .models import MatrixCell, RiskLevel, ScaleStep

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "risk_matrix.json"


def matrix_fixture():
    """The fixture's records (Django's serialisation format)."""
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def load_matrix(level_model, step_model, cell_model):
    """Create or update every level, scale step and cell of the fixture (idempotent; models are
    passed in so that a data migration can use its historical models)."""
    models = {
        "risklog.risklevel": level_model,
        "risklog.scalestep": step_model,
        "risklog.matrixcell": cell_model,
    }
    count = 0
    for record in matrix_fixture():
        model = models[record["model"]]
        fields = dict(record["fields"])
        if "level" in fields:
            fields["level_id"] = fields.pop("level")
        model.objects.update_or_create(pk=record["pk"], defaults=fields)
        count += 1
    return count


def ensure_matrix():
    """Load the fixture into the current database with the current models."""
    if MatrixCell.objects.count() == 25 and RiskLevel.objects.exists():
        return 0
    return load_matrix(RiskLevel, ScaleStep, MatrixCell)

"""The 5 x 5 matrix fixture is the only definition of levels; every cell looks up its level."""

import pytest

from risklog.matrix import ensure_matrix, matrix_fixture
from risklog.models import MatrixCell, RiskLevel, ScaleStep
from risklog.selectors import compare_levels, level_for, matrix_lookup

# Expected level per (likelihood, impact), written out independently of the fixture:
# likelihood 5 at the top, impact 1..5 left to right.
EXPECTED = {
    5: ["medium", "high", "high", "critical", "critical"],
    4: ["low", "medium", "high", "critical", "critical"],
    3: ["low", "medium", "medium", "high", "high"],
    2: ["low", "low", "medium", "medium", "high"],
    1: ["low", "low", "low", "low", "medium"],
}
CELLS = [(lik, imp) for lik in range(1, 6) for imp in range(1, 6)]


@pytest.fixture
def matrix(db):
    ensure_matrix()
    return matrix_lookup()


@pytest.mark.parametrize(("likelihood", "impact"), CELLS)
def test_level_lookup_for_every_cell(matrix, likelihood, impact):
    assert level_for(likelihood, impact, matrix).code == EXPECTED[likelihood][impact - 1]


def test_matrix_has_25_cells_four_levels_and_danish_labels(matrix):
    assert MatrixCell.objects.count() == 25
    assert list(RiskLevel.objects.values_list("code", "name")) == [
        ("low", "Lav"),
        ("medium", "Middel"),
        ("high", "Høj"),
        ("critical", "Kritisk"),
    ]
    assert ScaleStep.objects.get(axis="likelihood", value=5).label == "Meget sandsynlig"
    assert ScaleStep.objects.get(axis="impact", value=1).label == "Ubetydelig"


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (6, 1), (3, 0), (3, 6), (-1, -1)])
def test_cells_outside_the_matrix_have_no_level(matrix, likelihood, impact):
    assert level_for(likelihood, impact, matrix) is None


def test_fixture_is_the_only_definition_of_levels(matrix):
    """Changing the fixture's data changes the lookup: no level is hard-coded elsewhere."""
    records = matrix_fixture()
    assert {r["pk"] for r in records if r["model"] == "risklog.risklevel"} == {
        "low",
        "medium",
        "high",
        "critical",
    }
    cell = MatrixCell.objects.get(likelihood=1, impact=1)
    cell.level_id = "critical"
    cell.save()
    assert level_for(1, 1).code == "critical"


def test_compare_levels(matrix):
    low, high = matrix[(1, 1)], matrix[(4, 3)]
    assert compare_levels(low, high) == "rose"
    assert compare_levels(high, low) == "fell"
    assert compare_levels(high, matrix[(3, 4)]) == "unchanged"
    assert compare_levels(None, high) is None


def test_levels_css_is_generated_from_the_fixture(client, matrix):
    css = client.get("/risklog/levels.css").content.decode()
    assert ".risk-level--critical { background: #c62828; color: #ffffff; }" in css
    assert ".risk-level--medium { background: #f2c200; color: #1a1a1a; }" in css

"""Evaluation rounds of a reform: every participant's scores per round and area, and the radar
chart of one municipality. Kept apart from the benchmark so that it can move with the rest of
the evaluation."""

import dataclasses
from collections import defaultdict

from core.access import visible_to
from indicators.models import Municipality

from ..models import EvaluationArea, EvaluationRound, EvaluationScore


@dataclasses.dataclass
class EvaluationMatrix:
    """Scores of a reform: rounds, areas, and per municipality {(round, area): score}."""

    rounds: list
    areas: list
    municipalities: list[Municipality]
    scores: dict  # municipality code -> {(round id, area id): score}

    def score(self, code, round_id, area_id):
        return self.scores.get(code, {}).get((round_id, area_id))

    def average(self, code, round_id):
        values = [
            v for (r, _), v in self.scores.get(code, {}).items() if r == round_id and v is not None
        ]
        return sum(values) / len(values) if values else None


def evaluation_matrix(*, reform, user=None):
    """The evaluation rounds of reform with every participant's scores (three queries)."""
    rounds = list(EvaluationRound.objects.filter(reform=reform).order_by("order"))
    areas = list(EvaluationArea.objects.filter(reform=reform).order_by("order", "name"))
    scores_qs = EvaluationScore.objects.filter(round__reform=reform).select_related("municipality")
    if user is not None:
        scores_qs = visible_to(scores_qs, user)
    scores = defaultdict(dict)
    municipalities = {}
    for s in scores_qs:
        scores[s.municipality_id][(s.round_id, s.area_id)] = s.score
        municipalities[s.municipality_id] = s.municipality
    ordered = sorted(municipalities.values(), key=lambda m: m.name)
    return EvaluationMatrix(rounds, areas, ordered, dict(scores))


def radar_data(matrix, code):
    """Plotly scatterpolar traces of one municipality across rounds."""
    labels = [a.name for a in matrix.areas]
    traces = []
    for rnd in matrix.rounds:
        values = [matrix.score(code, rnd.pk, a.pk) for a in matrix.areas]
        if any(v is not None for v in values):
            traces.append({"name": rnd.get_kind_display(), "r": values, "theta": labels})
    return {"traces": traces}

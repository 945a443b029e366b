"""Fixtures of the import tests: a few measures and helpers to feed files."""

import pytest


@pytest.fixture
def measures(db):
    from indicators.models import Measure

    return {
        code: Measure.objects.create(code=code, name=code.replace("_", " "))
        for code in ("kth_modtagere", "virk_tilbud", "befolkning")
    }


def observations():
    """{(measure code, municipality code, 'YYYY-MM'): value} of everything stored."""
    from indicators.models import Observation

    return {
        (o.measure.code, o.municipality_id, f"{o.period:%Y-%m}"): o.value
        for o in Observation.objects.select_related("measure")
    }


def run_import(content, name="obs.csv", **kwargs):
    from indicators.imports import observations_import

    data = content.encode("utf-8") if isinstance(content, str) else content
    return observations_import(file=data, file_name=name, **kwargs)

"""The ministry's benchmark (jobindsats table y30r21), defined once.

Its benefit groups and their four measures (expected share, actual share, difference, rank) are
the entries of the jobindsats measure map (indicators/data/jobindsats_map.json, or
settings.JOBINDSATS_MEASURE_MAP) that carry ``"official": {"group": …, "field": …}``. The import
stores those cells as measures, and the benchmark page, API and PDF read the same entries here:
there is no second list of measure codes to drift apart from the map.
"""

from __future__ import annotations

import functools

from django.conf import settings

from .groups import BENEFIT_GROUPS
from .imports.jobindsats_json import DEFAULT_MAP_PATH, load_measure_map

OFFICIAL_TABLE = "y30r21"
OFFICIAL_FIELDS = ("expected_share", "actual_share", "difference", "rank")
#: jobindsats' own names of the benefit groups, in the order the pages show them.
OFFICIAL_GROUPS = BENEFIT_GROUPS


def official_groups(measure_map=None):
    """[{"label": group, "expected_share": code, "actual_share": code, "difference": code,
    "rank": code}] of the measure map's official entries, in OFFICIAL_GROUPS order."""
    if measure_map is None:
        source = getattr(settings, "JOBINDSATS_MEASURE_MAP", None) or DEFAULT_MAP_PATH
        if not isinstance(source, list):  # a path: read once per process
            return [dict(g) for g in _groups_of_file(str(source))]
    return _groups(load_measure_map(measure_map))


@functools.lru_cache(maxsize=4)
def _groups_of_file(path):
    return tuple(_groups(load_measure_map(path)))


def _groups(entries):
    groups = {}
    for entry in entries:
        if entry.official_group and entry.official_field in OFFICIAL_FIELDS:
            group = groups.setdefault(entry.official_group, {"label": entry.official_group})
            group[entry.official_field] = entry.measure
    order = {label: i for i, label in enumerate(OFFICIAL_GROUPS)}
    return sorted(groups.values(), key=lambda g: (order.get(g["label"], len(order)), g["label"]))

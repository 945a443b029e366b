"""jobindsats clusters (klynger): a classification of the municipalities per benefit group.

STAR staff load one from a CSV or XLSX file (columns ``municipality``, ``cluster`` and an
optional ``group``; a file without ``group`` holds the one group chosen in the form), all or
nothing with one Danish message per bad row, read with the observation import's reader
(``imports.parse.read_table``) and its municipality rules. A file replaces the classifications
of the groups it holds (a municipality left out of a group's file leaves that group's
clusters); every change is history (django-simple-history). A change starts a full
computation, whose cluster values (CONTRACT §6: s·ΣN/ΣD over the cluster's municipalities with
both present) follow the classification of each indicator's ``benefit_group`` (blank: all
benefit groups). With no classification loaded every cluster value is null, as before.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from core.services import model_save
from core.validators import validate_single_line

from .computation.runs import computation_request
from .groups import BENEFIT_GROUPS, DEFAULT_BENEFIT_GROUP, benefit_group_of
from .imports.parse import read_table
from .imports.validate import ImportFormatError, Lookups, RowError, format_for, municipality_code
from .models import ComputationRun, MunicipalityCluster

CLUSTER_COLUMNS = ("municipality", "cluster")
CLUSTER_OPTIONAL = ("group",)
MAX_CLUSTER_LENGTH = 60


class ClusterFileError(ValueError):
    """A cluster file that cannot be loaded: ``errors`` [RowError]; nothing was stored."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))


def _cell_text(raw):
    """A cell as text: XLSX numbers 3.0 -> '3', whitespace collapsed."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return " ".join(str(raw if raw is not None else "").split())


def parse_cluster_file(data, *, file_name, group=None):  # noqa: C901 - one check per column
    """{benefit group: {municipality code: cluster}} of a cluster file (bytes); ClusterFileError
    with every bad row (row = the line as a spreadsheet shows it, header = 1)."""
    try:
        fmt = format_for(file_name)
        if fmt not in ("csv", "xlsx"):
            raise ImportFormatError("en klyngeinddeling skal være en CSV- eller XLSX-fil")
        rows = read_table(data, fmt, CLUSTER_COLUMNS, CLUSTER_OPTIONAL)
    except ImportFormatError as exc:
        raise ClusterFileError([RowError(None, None, str(exc))]) from exc
    lookups = Lookups.from_database()
    chosen = benefit_group_of(group) if group else None
    groups, seen, errors = {}, {}, []
    known = ", ".join(f"»{g}«" for g in BENEFIT_GROUPS)
    for line, cells in rows:
        row_group = chosen
        if "group" in cells and _cell_text(cells["group"]):
            row_group = benefit_group_of(cells["group"])
            if row_group is None:
                errors.append(
                    RowError(
                        line,
                        "group",
                        f"ukendt ydelsesgruppe »{_cell_text(cells['group'])}« (brug {known})",
                    )
                )
                continue
        if row_group is None:
            errors.append(
                RowError(
                    line,
                    "group",
                    "ydelsesgruppen mangler: udfyld kolonnen group eller vælg gruppen i formularen",
                )
            )
            continue
        try:
            code = municipality_code(lookups, cells["municipality"])
        except LookupError as exc:
            errors.append(RowError(line, "municipality", str(exc.args[0])))
            continue
        cluster = _cell_text(cells["cluster"])
        problem = None
        if not cluster:
            problem = "klyngen mangler"
        elif len(cluster) > MAX_CLUSTER_LENGTH:
            problem = f"klyngens navn er længere end {MAX_CLUSTER_LENGTH} tegn"
        else:
            try:
                validate_single_line(cluster)
            except ValidationError as exc:
                problem = " ".join(exc.messages)
        if problem:
            errors.append(RowError(line, "cluster", problem))
            continue
        if (row_group, code) in seen:
            errors.append(
                RowError(
                    line,
                    "municipality",
                    f"kommunen står også i række {seen[(row_group, code)]} ({row_group})",
                )
            )
            continue
        seen[(row_group, code)] = line
        groups.setdefault(row_group, {})[code] = cluster
    if errors:
        raise ClusterFileError(errors)
    if not groups:
        raise ClusterFileError([RowError(2, None, "filen har ingen kommuner")])
    return groups


def clusters_load(*, data, file_name, group=None, by=None):
    """Load a cluster file (all or nothing): each group it holds gets exactly the file's
    clusters. Returns {group: {"created", "updated", "unchanged", "removed"}} and starts a
    full computation (on commit) when anything changed. ClusterFileError: nothing stored."""
    groups = parse_cluster_file(data, file_name=file_name, group=group)
    summary = {}
    with transaction.atomic():
        for name, clusters in groups.items():
            summary[name] = _replace_group(name, clusters, by)
        if any(s["created"] or s["updated"] or s["removed"] for s in summary.values()):
            computation_request(periods=None, trigger=ComputationRun.Trigger.MANUAL, by=by)
    return summary


def _replace_group(group, clusters, by):
    counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    stored = {
        row.municipality_id: row
        for row in MunicipalityCluster.objects.select_for_update().filter(group=group)
    }
    for code, row in stored.items():
        if code not in clusters:
            if by is not None:
                row._history_user = by
            row.delete()
            counts["removed"] += 1
    for code, cluster in sorted(clusters.items()):
        row = stored.get(code)
        if row is None:
            model_save(
                MunicipalityCluster(group=group, municipality_id=code, cluster=cluster), by=by
            )
            counts["created"] += 1
        elif row.cluster != cluster:
            row.cluster = cluster
            model_save(row, by=by)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts


def clusters_clear(*, group, by=None):
    """Remove one benefit group's classification (its cluster values become null after the
    computation this starts). Returns how many municipalities it held."""
    removed = 0
    with transaction.atomic():
        for row in MunicipalityCluster.objects.select_for_update().filter(group=group):
            if by is not None:
                row._history_user = by
            row.delete()
            removed += 1
        if removed:
            computation_request(periods=None, trigger=ComputationRun.Trigger.MANUAL, by=by)
    return removed


# --- reads -----------------------------------------------------------------------------------


def indicator_benefit_group(indicator):
    """The benefit group whose classification an indicator's cluster value follows."""
    return indicator.benefit_group or DEFAULT_BENEFIT_GROUP


def classification_table():
    """[{"group", "clusters": [{"name", "municipalities": [Municipality]}], "count"}] of the
    four benefit groups in their order (empty clusters for a group with nothing loaded)."""
    rows = MunicipalityCluster.objects.select_related("municipality").order_by(
        "cluster", "municipality__name"
    )
    by_group = {g: {} for g in BENEFIT_GROUPS}
    for row in rows:
        by_group.setdefault(row.group, {}).setdefault(row.cluster, []).append(row.municipality)
    return [
        {
            "group": group,
            "clusters": [
                {"name": name, "municipalities": members}
                for name, members in sorted(clusters.items(), key=lambda kv: _natural(kv[0]))
            ],
            "count": sum(len(m) for m in clusters.values()),
        }
        for group, clusters in by_group.items()
    ]


def cluster_of(group, code):
    """(cluster name, [member codes in code order]) of a municipality in a group's
    classification, or (None, []) when it has no cluster there."""
    row = MunicipalityCluster.objects.filter(group=group, municipality_id=code).first()
    if row is None:
        return None, []
    members = MunicipalityCluster.objects.filter(group=group, cluster=row.cluster)
    return row.cluster, sorted(members.values_list("municipality_id", flat=True))


def _natural(name):
    """'Klynge 2' before 'Klynge 10'."""
    import re

    return [int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", name)]

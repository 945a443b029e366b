"""World objects for the import pages: one finished import batch and jobindsats fetch."""

from .world import builder


@builder
def import_batch(world):
    from indicators.models import ImportBatch

    world.import_batch = ImportBatch.objects.create(
        file_name="observationer.csv",
        format=ImportBatch.Format.CSV,
        status=ImportBatch.Status.SUCCEEDED,
        rows_total=1,
        created=1,
        created_by=world.users["staff"],
    )


@builder
def jobindsats_fetch(world):
    from indicators.models import JobindsatsFetch

    world.jobindsats_fetch = JobindsatsFetch.objects.create(
        status=JobindsatsFetch.Status.SUCCEEDED,
        requested_by=world.users["staff"],
        summaries=[{"table": "y30r21", "line": "table=y30r21 created=0", "periods": []}],
    )


@builder
def cluster(world):
    from indicators.models import MunicipalityCluster

    world.cluster = MunicipalityCluster.objects.create(
        group="Kontanthjælp mv.", municipality_id=751, cluster="Klynge 3"
    )

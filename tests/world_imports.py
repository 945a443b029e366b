"""World objects for the import pages: one finished import batch."""

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

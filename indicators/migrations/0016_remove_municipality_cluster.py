"""The single `Municipality.cluster` column goes: the cluster classifications per benefit group
(MunicipalityCluster) replace it. A value it held (it shipped empty) moves to the
classification of all benefit groups, and back when migrating backwards."""

from django.db import migrations

ALL_GROUPS = "Ydelsesgrupper i alt"


def cluster_column_to_rows(apps, schema_editor):
    Municipality = apps.get_model("indicators", "Municipality")
    MunicipalityCluster = apps.get_model("indicators", "MunicipalityCluster")
    taken = set(
        MunicipalityCluster.objects.filter(group=ALL_GROUPS).values_list(
            "municipality_id", flat=True
        )
    )
    MunicipalityCluster.objects.bulk_create(
        [
            MunicipalityCluster(group=ALL_GROUPS, municipality_id=code, cluster=cluster.strip())
            for code, cluster in Municipality.objects.exclude(cluster="").values_list(
                "code", "cluster"
            )
            if cluster.strip() and code not in taken
        ]
    )


def cluster_rows_to_column(apps, schema_editor):
    Municipality = apps.get_model("indicators", "Municipality")
    MunicipalityCluster = apps.get_model("indicators", "MunicipalityCluster")
    for row in MunicipalityCluster.objects.filter(group=ALL_GROUPS):
        Municipality.objects.filter(code=row.municipality_id).update(cluster=row.cluster[:60])


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0015_municipality_clusters"),
    ]

    operations = [
        migrations.RunPython(cluster_column_to_rows, cluster_rows_to_column),
        migrations.RemoveField(model_name="municipality", name="cluster"),
    ]

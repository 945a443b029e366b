"""Lever types from core.levers: the guide's eight names (Implementeringsguide 3.1 §3.2) as the
labels. Only the labels change: reforms and risklog already stored the same eight keys
(organisation, collaboration, monitoring, standardisation, goals, guidance, networks,
competence; risklog also "other"), so every stored value maps to itself and no row is
rewritten."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reforms', '0010_networks_and_forums'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicallever',
            name='type',
            field=models.CharField(choices=[('organisation', 'Organisatorisk specialisering og reorganisering'), ('collaboration', 'Samarbejdsstrategier'), ('monitoring', 'Monitorering og benchmarking'), ('standardisation', 'Standardisering af metoder og instrumenter'), ('goals', 'Formidling af klare mål'), ('guidance', 'Juridiske vejledninger og metodevejledninger'), ('networks', 'Netværk'), ('competence', 'Kompetenceudvikling kombineret med supervision')], max_length=20, verbose_name='type'),
        ),
        migrations.AlterField(
            model_name='lever',
            name='type',
            field=models.CharField(choices=[('organisation', 'Organisatorisk specialisering og reorganisering'), ('collaboration', 'Samarbejdsstrategier'), ('monitoring', 'Monitorering og benchmarking'), ('standardisation', 'Standardisering af metoder og instrumenter'), ('goals', 'Formidling af klare mål'), ('guidance', 'Juridiske vejledninger og metodevejledninger'), ('networks', 'Netværk'), ('competence', 'Kompetenceudvikling kombineret med supervision')], max_length=20, verbose_name='type'),
        ),
    ]

"""A cluster classification per benefit group (MunicipalityCluster), which supersedes the
single, always empty `Municipality.cluster` column, and each indicator's benefit group."""

import core.fields
import django.db.models.deletion
import rules.contrib.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0014_target_groups'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalindicator',
            name='benefit_group',
            field=models.CharField(blank=True, choices=[('Ydelsesgrupper i alt', 'Ydelsesgrupper i alt'), ('A-dagpenge mv.', 'A-dagpenge mv.'), ('Sygedagpenge mv.', 'Sygedagpenge mv.'), ('Kontanthjælp mv.', 'Kontanthjælp mv.')], help_text='Hvilken ydelsesgruppes klyngeinddeling indikatorens klyngeværdi beregnes efter; tom: Ydelsesgrupper i alt.', max_length=40, verbose_name='ydelsesgruppe (klynger)'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='benefit_group',
            field=models.CharField(blank=True, choices=[('Ydelsesgrupper i alt', 'Ydelsesgrupper i alt'), ('A-dagpenge mv.', 'A-dagpenge mv.'), ('Sygedagpenge mv.', 'Sygedagpenge mv.'), ('Kontanthjælp mv.', 'Kontanthjælp mv.')], help_text='Hvilken ydelsesgruppes klyngeinddeling indikatorens klyngeværdi beregnes efter; tom: Ydelsesgrupper i alt.', max_length=40, verbose_name='ydelsesgruppe (klynger)'),
        ),
        migrations.CreateModel(
            name='HistoricalMunicipalityCluster',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('group', models.CharField(choices=[('Ydelsesgrupper i alt', 'Ydelsesgrupper i alt'), ('A-dagpenge mv.', 'A-dagpenge mv.'), ('Sygedagpenge mv.', 'Sygedagpenge mv.'), ('Kontanthjælp mv.', 'Kontanthjælp mv.')], max_length=40, verbose_name='ydelsesgruppe')),
                ('cluster', core.fields.SingleLineCharField(max_length=60, verbose_name='klynge')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('municipality', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='indicators.municipality', verbose_name='kommune')),
            ],
            options={
                'verbose_name': 'historical klyngeplacering',
                'verbose_name_plural': 'historical klyngeinddelinger',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='MunicipalityCluster',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('group', models.CharField(choices=[('Ydelsesgrupper i alt', 'Ydelsesgrupper i alt'), ('A-dagpenge mv.', 'A-dagpenge mv.'), ('Sygedagpenge mv.', 'Sygedagpenge mv.'), ('Kontanthjælp mv.', 'Kontanthjælp mv.')], max_length=40, verbose_name='ydelsesgruppe')),
                ('cluster', core.fields.SingleLineCharField(max_length=60, verbose_name='klynge')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='clusters', to='indicators.municipality', verbose_name='kommune')),
            ],
            options={
                'verbose_name': 'klyngeplacering',
                'verbose_name_plural': 'klyngeinddelinger',
                'ordering': ['group', 'cluster', 'municipality__name'],
                'constraints': [models.UniqueConstraint(fields=('group', 'municipality'), name='municipality_cluster_unique')],
            },
            bases=(rules.contrib.models.RulesModelMixin, models.Model),
        ),
    ]

"""EscalationLink: the risk log's side of an escalation about a risk or an initiative.

reforms.Escalation kept `risk` and `initiative` foreign keys into the risk log, a model cycle
between the two apps. The link moves to risklog; this migration copies every existing
escalation's risk/initiative into a link row (and back on reverse) before reforms 0007 drops
the old columns."""

import django.db.models.deletion
import rules.contrib.models
from django.db import migrations, models


def copy_links(apps, schema_editor):
    Escalation = apps.get_model("reforms", "Escalation")
    EscalationLink = apps.get_model("risklog", "EscalationLink")
    rows = Escalation.objects.filter(
        models.Q(risk__isnull=False) | models.Q(initiative__isnull=False)
    ).values_list("pk", "risk_id", "initiative_id")
    EscalationLink.objects.bulk_create(
        EscalationLink(escalation_id=pk, risk_id=risk, initiative_id=initiative)
        for pk, risk, initiative in rows
    )


def copy_links_back(apps, schema_editor):
    Escalation = apps.get_model("reforms", "Escalation")
    EscalationLink = apps.get_model("risklog", "EscalationLink")
    for link in EscalationLink.objects.all():
        Escalation.objects.filter(pk=link.escalation_id).update(
            risk_id=link.risk_id, initiative_id=link.initiative_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reforms", "0004_merge_0003_escalation_risk_initiative_0003_workspace"),
        ("risklog", "0002_load_matrix"),
    ]

    operations = [
        migrations.CreateModel(
            name="EscalationLink",
            fields=[
                (
                    "escalation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="plan_link",
                        serialize=False,
                        to="reforms.escalation",
                        verbose_name="eskalering",
                    ),
                ),
                (
                    "initiative",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="escalation_links",
                        to="risklog.initiative",
                        verbose_name="initiativ",
                    ),
                ),
                (
                    "risk",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="escalation_links",
                        to="risklog.risk",
                        verbose_name="risiko",
                    ),
                ),
            ],
            options={
                "verbose_name": "eskalering fra planen",
                "verbose_name_plural": "eskaleringer fra planen",
            },
            bases=(rules.contrib.models.RulesModelMixin, models.Model),
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]

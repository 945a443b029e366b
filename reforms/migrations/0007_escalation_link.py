"""Escalation loses its `risk` and `initiative` foreign keys into the risk log: risklog 0003 has
copied them into risklog.EscalationLink, so reforms no longer refers to risklog's models."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reforms", "0006_steering_digest"),
        ("risklog", "0003_escalation_link"),
    ]

    operations = [
        migrations.RemoveField(model_name="escalation", name="initiative"),
        migrations.RemoveField(model_name="escalation", name="risk"),
        migrations.RemoveField(model_name="historicalescalation", name="initiative"),
        migrations.RemoveField(model_name="historicalescalation", name="risk"),
    ]

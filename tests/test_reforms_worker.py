"""Escalation e-mails are sent by the real worker after the commit, exactly once."""

import re

import pytest
from django.db import transaction

from reforms import services
from reforms.models import Escalation

from .conftest import wait_for


@pytest.mark.worker
def test_raising_and_deciding_an_escalation_mails_through_the_worker(celery_worker, users):
    reform = services.reform_create(name="Workerreform", slug="workerreform")
    with transaction.atomic():
        escalation = services.escalation_raise(
            reform=reform, subject="Ekstra netværksmøde", proposal="AMK", by=users["staff"]
        )
        assert Escalation.objects.get(pk=escalation.pk).raised_notified_at is None
    wait_for(
        lambda: Escalation.objects.get(pk=escalation.pk).raised_notified_at is not None,
        timeout=60,
    )
    services.escalation_decide(
        escalation=escalation, status="approved", decision_text="Godkendt", by=users["steering"]
    )
    wait_for(
        lambda: Escalation.objects.get(pk=escalation.pk).decided_notified_at is not None,
        timeout=60,
    )
    log = celery_worker.log_path.read_text()
    # Each task ran once in the worker and reports how many e-mails it sent (the test
    # settings' locmem backend lives in the worker, so the count is what we can see here):
    # one steering member (the `styregruppe` user), then the proposer.
    raised = re.findall(r"notify_escalation_raised\[[^\]]+\] succeeded in [\d.]+s: (\d+)", log)
    decided = re.findall(r"notify_escalation_decided\[[^\]]+\] succeeded in [\d.]+s: (\d+)", log)
    assert raised == ["1"]
    assert decided == ["1"]

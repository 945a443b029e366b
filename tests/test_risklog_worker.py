"""Status requests, the weekly digest and the meeting-pack PDF on a real Celery worker, against
the real Redis, sending to a local SMTP server (aiosmtpd): exactly the expected mails, once."""

import datetime
import email
import email.policy
import io
import socket

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from reforms.models import Group, Meeting, Office, Person, Reform
from risklog import services
from risklog.matrix import ensure_matrix
from risklog.models import DigestDispatch, MeetingPackPdf, MitigationAction, StatusRequest

from .conftest import wait_for


class Inbox:
    """Collects every message the SMTP server receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 Message accepted for delivery"

    def to(self):
        return sorted(rcpt for rcpts, _ in self.messages for rcpt in rcpts)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_inbox(monkeypatch):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("WORKER_EMAIL_URL", f"smtp://127.0.0.1:{port}")
    yield inbox
    controller.stop()


@pytest.fixture
def mail_worker(smtp_inbox, celery_worker):
    """A worker started after the SMTP server, sending its mail there."""
    ensure_matrix()
    return celery_worker


def task_done_count(worker, task):
    return sum(
        1
        for line in worker.log_path.read_text().splitlines()
        if f"Task {task}[" in line and "succeeded" in line
    )


def make_people():
    office = Office.objects.create(code="impl-w", name="IMPL (worker)")
    people = {
        key: Person.objects.create(name=f"Person {key}", email=f"{key}@star.example", office=office)
        for key in "abcd"
    }
    return office, people


def initiative(reform, office, person, title, pct=0):
    today = timezone.localdate()
    return services.initiative_create(
        reform=reform,
        by=None,
        title=title,
        responsible_office=office,
        responsible_person=person,
        start_date=today,
        end_date=today + datetime.timedelta(days=90),
        percent_complete=pct,
    )


@pytest.mark.worker
def test_status_requests_mail_each_responsible_person_once_before_the_meeting(
    mail_worker, smtp_inbox
):
    office, p = make_people()
    now = timezone.now()
    reform = Reform.objects.create(name="Reform A", slug="reform-a")
    group = Group.objects.create(reform=reform, kind=Group.Kind.IMPLEMENTATION)
    meeting = Meeting.objects.create(group=group, starts_at=now + datetime.timedelta(days=3))
    initiative(reform, office, p["a"], "A1")
    initiative(reform, office, p["a"], "A2")
    initiative(reform, office, p["b"], "B1")
    initiative(reform, office, p["c"], "C1 færdig", pct=100)  # finished: no request
    # A meeting too far ahead, and a steering-group meeting: no requests.
    later = Reform.objects.create(name="Reform B", slug="reform-b")
    later_group = Group.objects.create(reform=later, kind=Group.Kind.IMPLEMENTATION)
    Meeting.objects.create(group=later_group, starts_at=now + datetime.timedelta(days=10))
    initiative(later, office, p["d"], "D1")
    steering = Group.objects.create(reform=later, kind=Group.Kind.STEERING)
    Meeting.objects.create(group=steering, starts_at=now + datetime.timedelta(days=2))

    from risklog.tasks import send_status_requests

    send_status_requests.delay()
    wait_for(lambda: len(smtp_inbox.messages) >= 2, timeout=60)
    wait_for(lambda: task_done_count(mail_worker, "risklog.tasks.send_status_requests") == 1)
    assert smtp_inbox.to() == ["a@star.example", "b@star.example"]
    body_a = next(m for rcpt, m in smtp_inbox.messages if rcpt == ["a@star.example"])
    text = body_a.get_content()
    assert str(body_a["Subject"]).strip().startswith("Statusopdatering før mødet")
    assert "A1" in text and "A2" in text and "B1" not in text
    assert f"/reforms/reform-a/plan/?responsible_person={p['a'].pk}" in text
    assert StatusRequest.objects.filter(meeting=meeting, sent_at__isnull=False).count() == 2

    # Running again (beat runs daily) sends nothing new.
    send_status_requests.delay()
    wait_for(lambda: task_done_count(mail_worker, "risklog.tasks.send_status_requests") == 2)
    assert len(smtp_inbox.messages) == 2


@pytest.mark.worker
def test_weekly_digest_mails_each_owner_with_due_items_once(mail_worker, smtp_inbox):
    office, p = make_people()
    today = timezone.localdate()
    reform = Reform.objects.create(name="Reform D", slug="reform-d")
    risk_a = services.risk_create(reform=reform, by=None, title="Risiko A", owner=p["a"])
    risk_a.next_review_date = today - datetime.timedelta(days=1)  # overdue review
    risk_a.save()
    risk_b = services.risk_create(reform=reform, by=None, title="Risiko B", owner=p["c"])

    def action(risk, owner, text, days, status=MitigationAction.Status.PLANNED):
        return services.action_create(
            risk=risk,
            by=None,
            action=text,
            owner=owner,
            due_date=today + datetime.timedelta(days=days),
            status=status,
        )

    action(risk_a, p["a"], "Overskredet handling", -3)
    action(risk_b, p["b"], "Snart handling", 3)
    action(risk_b, p["c"], "Langt ude", 40)  # c: review in 30 days, action in 40: nothing due
    action(risk_b, p["d"], "Gennemført", -5, MitigationAction.Status.DONE)

    from risklog.tasks import send_risk_digests

    send_risk_digests.delay()
    wait_for(lambda: task_done_count(mail_worker, "risklog.tasks.send_risk_digests") == 1)
    wait_for(lambda: len(smtp_inbox.messages) >= 2, timeout=30)
    assert smtp_inbox.to() == ["a@star.example", "b@star.example"]
    msg_a = next(m for rcpt, m in smtp_inbox.messages if rcpt == ["a@star.example"])
    text = msg_a.get_content()
    assert "Overskredet handling" in text and "Forfaldne revurderinger" in text
    assert "Risiko A" in text
    assert str(msg_a["Subject"]).strip().startswith("Ugeoversigt: 2 punkter forfalder")
    assert DigestDispatch.objects.filter(sent_at__isnull=False).count() == 2

    send_risk_digests.delay()
    wait_for(lambda: task_done_count(mail_worker, "risklog.tasks.send_risk_digests") == 2)
    assert len(smtp_inbox.messages) == 2


@pytest.mark.worker
def test_meeting_pack_pdf_is_rendered_by_the_worker(celery_worker, users, client_for):
    from pypdf import PdfReader

    from .world_risklog import make_plan_and_risks

    rl = make_plan_and_risks(users)
    c = client_for("steering")
    url = f"/reforms/{rl['reform'].slug}/plan/meetings/{rl['meeting'].pk}/"
    response = c.post(url + "pdf/")
    assert response.status_code == 302
    pdf = MeetingPackPdf.objects.get(meeting=rl["meeting"])
    done = wait_for(
        lambda: MeetingPackPdf.objects.filter(pk=pdf.pk, status="done").first(), timeout=90
    )
    page = c.get(url).content.decode()
    assert "Hent PDF" in page
    download = c.get(f"{url}pdf/{done.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Mødepakke" in text and "Startvejledning" in text and "Lav prioritering" in text
    assert "risklog.tasks.render_meeting_pack_pdf" in celery_worker.log_path.read_text()

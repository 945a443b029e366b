"""Mail that cannot be lost to input (issue 21.3): single-line fields refuse control
characters at model, form and serializer; subjects are flattened by one helper; each item of a
notification task is isolated, and a failed one shows on its object and in the staff digest."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from core.mail import mail_subject
from core.models import NotificationFailure
from core.notifications import failures_for
from reforms import services
from reforms.models import Escalation, Office, Person, Reform
from risklog import services as risk_services
from risklog.selectors import digest_for

from .world_risklog import make_plan_and_risks

pytestmark = pytest.mark.django_db

INJECTION = "Beslut nu\r\nBcc: evil@example.org"
TODAY = datetime.date.today()


@pytest.fixture
def reform(users):
    return services.reform_create(name="Flere skal med", slug="flere-skal-med", by=users["staff"])


def test_escalation_post_with_a_header_injection_is_refused_with_a_field_error(api_for, reform):
    response = api_for("staff").post(
        "/api/v1/escalations/",
        {"reform": reform.slug, "subject": INJECTION, "proposal": "Midler"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "linjeskift" in response.json()["subject"][0]
    assert not Escalation.objects.exists()


def test_escalation_form_and_risk_escalation_refuse_control_characters(client_for, users):
    plan = make_plan_and_risks(users)
    slug = plan["reform"].slug
    page = client_for("staff").post(
        f"/reforms/{slug}/escalations/new/", {"subject": INJECTION, "proposal": "P"}
    )
    assert page.status_code == 200 and "linjeskift" in page.content.decode()
    api = client_for("staff")
    response = api.post(
        f"/api/v1/risks/{plan['risk'].pk}/escalate/",
        {"subject": "A\nB", "proposal": "P"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "subject" in response.json()
    assert not Escalation.objects.exists()


def test_models_refuse_control_characters_in_names_and_titles(reform):
    reform.name = "Reform\nmed linjeskift"
    with pytest.raises(ValidationError) as exc:
        reform.full_clean()
    assert "name" in exc.value.message_dict
    reform.name = "Reform\u2028med linjeseparator"
    with pytest.raises(ValidationError):
        reform.full_clean()


def test_mail_subject_flattens_every_kind_of_line_break():
    assert mail_subject("Ny eskalering: A\r\nBcc: x@y\tz\x00\u2028!") == (
        "Ny eskalering: A Bcc: x@y z !"
    )


def _overdue_question(reform, jc, email, subject):
    office = Office.objects.create(code=f"ro-{reform.pk}", name=f"Kontor {reform.pk}")
    Person.objects.create(name=f"Chef {reform.pk}", email="ok@star.dk", office=office)
    Reform.objects.filter(pk=reform.pk).update(responsible_office=office)
    # Stored before the refusal existed (or through the database): written past validation.
    Person.objects.filter(office=office).update(email=email)
    reform.refresh_from_db()
    question = services.question_ask(
        reform=reform, subject=subject, text="?", by=jc, today=TODAY - datetime.timedelta(days=20)
    )
    return question


def test_overdue_flagging_sends_every_other_notice_and_retries_the_bad_one(
    users, reform, client_for
):
    other = services.reform_create(name="Anden reform", slug="anden-reform")
    # A reform name with a newline (stored before validation) no longer breaks the subject;
    # an address with a header injection makes that one reform's mail fail.
    Reform.objects.filter(pk=other.pk).update(name="Anden\nreform")
    other.refresh_from_db()
    bad = _overdue_question(
        reform, users["jc751"], "chef@star.dk\nBcc: evil@example.org", "Frist A"
    )
    good = _overdue_question(other, users["jc751"], "chef2@star.dk", "Frist B")

    assert services.questions_flag_overdue() == 1
    [sent] = mail.outbox
    assert sent.to == ["chef2@star.dk"] and "Frist B" in sent.body
    assert sent.subject == "Spørgsmål med overskredet svarfrist: Anden reform"
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.overdue_notified_at is not None
    assert bad.overdue_notified_at is None
    [failure] = failures_for(bad)
    assert failure.kind == "question_overdue" and "BadHeaderError" in failure.error
    page = client_for("staff").get(bad.get_absolute_url()).content.decode()
    assert 'data-testid="notification-failures"' in page
    assert "E-mail om overskredet svarfrist" in page

    # The next run retries it; still failing counts a second attempt, fixed it goes out.
    assert services.questions_flag_overdue() == 0
    assert NotificationFailure.objects.get().attempts == 2
    Person.objects.filter(office=reform.responsible_office).update(email="chef@star.dk")
    assert services.questions_flag_overdue() == 1
    assert mail.outbox[-1].to == ["chef@star.dk"]
    assert not NotificationFailure.objects.exists()


def test_a_failed_escalation_mail_is_recorded_raised_and_shown(users, reform, client_for):
    escalation = services.escalation_raise(
        reform=reform, subject="Beslut", proposal="P", by=users["staff"]
    )
    from accounts.models import User

    User.objects.filter(pk=users["steering"].pk).update(email="styre@star.dk\nBcc: x@y.dk")
    with pytest.raises(Exception, match="Header values can't contain newlines"):
        services.escalation_mail_raised(escalation_id=escalation.pk)
    escalation.refresh_from_db()
    assert escalation.raised_notified_at is None
    assert [f.kind for f in failures_for(escalation)] == ["escalation_raised"]
    page = client_for("staff").get(escalation.get_absolute_url()).content.decode()
    assert "E-mail til styregruppen om ny eskalering" in page

    User.objects.filter(pk=users["steering"].pk).update(email="styre@star.dk")
    assert services.escalation_mail_raised(escalation_id=escalation.pk) >= 1
    assert failures_for(escalation) == []


def test_failed_notifications_are_in_the_staff_digest(users, reform):
    plan = make_plan_and_risks(users)
    staff_person = plan["person"]  # linked to the STAR staff user
    bad = _overdue_question(reform, users["jc751"], "x@star.dk\nBcc: y@z.dk", "Frist C")
    services.questions_flag_overdue()
    digest = digest_for(staff_person)
    assert [f.target for f in digest.failed_notifications] == [bad]
    mail.outbox.clear()
    assert risk_services.risk_digests_send() >= 1
    [sent] = [m for m in mail.outbox if m.to == [staff_person.email]]
    assert "Notifikationer, der ikke kunne sendes" in sent.body
    assert "Frist C" in sent.body

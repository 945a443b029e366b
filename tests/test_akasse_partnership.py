"""A-kasser in the partnership loop (issue 19): members of networks and forums, recipients of
communication-plan items sent by e-mail, and an a-kasse's question answered within the
service level."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import AKasse, User
from core.models import NotificationFailure
from reforms import demo, services, tasks
from reforms.models import CommunicationDelivery, CommunicationItem, Group, GroupMember, Person

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "kommunikation@a-kasse-midt.demo.dk",
    "kommunikation@a-kasse-nord.demo.dk",
    "kommunikation@a-kasse-syd.demo.dk",
]


@pytest.fixture
def reform(users):
    return services.reform_create(name="Flere skal med", slug="flere-skal-med", by=users["staff"])


@pytest.fixture
def nord(users):
    return AKasse.objects.get(code="a-kasse-nord")


# --- members of networks and forums ---------------------------------------------------------


def test_akasse_is_a_member_of_networks_and_forums_never_of_internal_groups(reform, nord):
    ber = Group.objects.create(reform=reform, kind="ber", name="BER")
    forum = Group.objects.create(reform=reform, kind="forum", name="Implementeringsforum")
    steering = Group.objects.create(reform=reform, kind="steering")
    services.group_member_add(group=ber, akasse=nord, role="A-kassernes repræsentant")
    services.group_member_add(group=forum, akasse=nord)
    assert [str(m) for m in ber.members.all()] == ["A-kasse Nord (demo)"]
    with pytest.raises(ValidationError) as twice:
        services.group_member_add(group=ber, akasse=nord)
    assert "A-kasse Nord (demo) er allerede medlem af gruppen." in str(twice.value)
    with pytest.raises(ValidationError) as internal:
        services.group_member_add(group=steering, akasse=nord)
    assert "Kun netværk og fora kan have a-kasser som medlemmer." in str(internal.value)
    person = Person.objects.create(name="Peter Friis", email="pf@star.example")
    with transaction.atomic(), pytest.raises(IntegrityError):
        GroupMember.objects.create(group=forum, person=person, akasse=nord)
    assert GroupMember.objects.filter(akasse=nord).count() == 2


def test_staff_adds_an_akasse_on_the_page_and_the_group_shows_it(reform, nord, client_for):
    ber = Group.objects.create(reform=reform, kind="ber", name="BER")
    steering = Group.objects.create(reform=reform, kind="steering")
    staff = client_for("staff")
    response = staff.post(
        reverse("reforms:member_create", args=[ber.pk]), {"akasse": nord.pk, "role": "Medlem"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = staff.get(ber.get_absolute_url()).content.decode()
    assert "<td>A-kasse Nord (demo)</td>" in page and "<td>A-kasse</td>" in page
    refused = staff.post(
        reverse("reforms:member_create", args=[steering.pk]), {"akasse": nord.pk}
    ).content.decode()
    assert "Kun netværk og fora kan have a-kasser som medlemmer." in refused
    assert not steering.members.exists()
    # Groups are STAR's: the a-kasse's own user and a job-centre manager are refused.
    assert client_for("akasse").get(ber.get_absolute_url()).status_code == 403
    assert client_for("jc751").get(ber.get_absolute_url()).status_code == 403


def test_api_group_member_akasse_by_code(reform, nord, api_for):
    forum = Group.objects.create(reform=reform, kind="forum", name="Implementeringsforum")
    response = api_for("staff").post(
        "/api/v1/group-members/", {"group": forum.pk, "akasse": "a-kasse-nord"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["akasse"], body["person"], body["municipality"]) == ("a-kasse-nord", None, None)
    again = api_for("staff").post(
        "/api/v1/group-members/", {"group": forum.pk, "akasse": "a-kasse-nord"}, format="json"
    )
    assert again.status_code == 400 and "akasse" in again.json()
    listed = api_for("staff").get(f"/api/v1/group-members/?group={forum.pk}").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["akasse"] for row in rows] == ["a-kasse-nord"]
    assert api_for("akasse").get("/api/v1/group-members/").status_code == 403


def test_demo_puts_akasser_in_ber_and_implementeringsforum(reform, users):
    ber = Group.objects.create(reform=reform, kind="ber", name="Beskæftigelsesrådet (BER)")
    forum = Group.objects.create(reform=reform, kind="forum", name="Implementeringsforum")
    demo.seed_akasse_members(None)
    demo.seed_akasse_members(None)  # idempotent
    assert [m.akasse.code for m in ber.members.all()] == ["a-kasse-midt"]
    assert sorted(m.akasse.code for m in forum.members.all()) == [
        "a-kasse-midt",
        "a-kasse-nord",
        "a-kasse-syd",
    ]
    assert demo.seed_akasse_questions(None) == "2 spørgsmål fra en a-kasse"
    assert demo.seed_akasse_questions(None) is None
    assert sorted(reform.questions.values_list("status", flat=True)) == ["answered", "open"]
    answered = reform.questions.get(status="answered")
    assert answered.answered_at <= answered.deadline and answered.akasse.code == "a-kasse-nord"


# --- communication-plan items sent to the a-kasser -----------------------------------------


@pytest.fixture
def item(reform):
    return CommunicationItem.objects.create(
        reform=reform,
        message="Nye regler for rådighed",
        audience="Jobcentre",
        purpose="Forberede a-kasserne",
        to_akasser=True,
        timing=datetime.date(2027, 1, 15),
    )


def test_sending_an_item_mails_each_akasse_once(
    item, client_for, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for("staff").post(reverse("reforms:communication_send", args=[item.pk]))
    assert response.status_code == 302
    assert len(callbacks) == 1  # the worker is asked once, after the commit
    assert CommunicationDelivery.objects.filter(item=item, sent_at__isnull=True).count() == 3
    # What the worker runs:
    assert tasks.send_communication_item(item.pk) == 3
    assert sorted(m.to[0] for m in mail.outbox) == ADDRESSES
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    first = mail.outbox[0]
    assert first.subject == "Flere skal med: Nye regler for rådighed"
    assert "Nye regler for rådighed" in first.body
    assert "/reforms/flere-skal-med/page/" in first.body
    # A second send mails nobody twice.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False):
        assert services.communication_item_send(item=item, by=None) == 0
    assert services.communication_item_mail(item_id=item.pk) == 0
    assert mail.outbox == []
    page = client_for("staff").get(reverse("reforms:communication_list", args=["flere-skal-med"]))
    assert "Sendt til 3 a-kasser" in page.content.decode()


def test_one_failing_akasse_spares_the_others_and_is_retried(item, monkeypatch):
    real_send = services.mail_send

    def failing(**kwargs):
        if kwargs["to"] == ["kommunikation@a-kasse-midt.demo.dk"]:
            raise OSError("SMTP nede")
        return real_send(**kwargs)

    monkeypatch.setattr(services, "mail_send", failing)
    mail.outbox.clear()
    services.communication_item_send(item=item, by=None)
    with pytest.raises(services.CommunicationNotDelivered):
        services.communication_item_mail(item_id=item.pk)
    assert sorted(m.to[0] for m in mail.outbox) == [ADDRESSES[1], ADDRESSES[2]]
    waiting = CommunicationDelivery.objects.get(item=item, sent_at__isnull=True)
    assert waiting.akasse.code == "a-kasse-midt"
    failure = NotificationFailure.objects.get(object_id=str(waiting.pk))
    assert (failure.kind, failure.error) == ("communication_akasse", "OSError: SMTP nede")
    # The retry mails only the missing a-kasse and clears its failure.
    monkeypatch.setattr(services, "mail_send", real_send)
    mail.outbox.clear()
    assert services.communication_item_mail(item_id=item.pk) == 1
    assert [m.to for m in mail.outbox] == [[ADDRESSES[0]]]
    assert not NotificationFailure.objects.exists()


def test_item_without_akasser_in_its_audience_is_not_sent(item, client_for):
    item.to_akasser = False
    item.save()
    mail.outbox.clear()
    response = client_for("staff").post(
        reverse("reforms:communication_send", args=[item.pk]), follow=True
    )
    assert "a-kasserne er ikke i målgruppen" in response.content.decode()
    assert not CommunicationDelivery.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("role", ["steering", "jc751", "jc101", "akasse"])
def test_only_star_staff_send(item, role, client_for):
    response = client_for(role).post(reverse("reforms:communication_send", args=[item.pk]))
    assert response.status_code == 403
    assert not CommunicationDelivery.objects.exists()


# --- done when: an a-kasse's question is answered within the service level -----------------


def test_akasse_question_answered_within_the_service_level_and_read_by_the_akasse(
    reform, users, client_for
):
    akasse = client_for("akasse")
    akasse.post(
        reverse("reforms:question_create", args=[reform.slug]),
        {"subject": "Rådighed ved deltid", "text": "Gælder kravet også deltidsforsikrede?"},
    )
    question = reform.questions.get(subject="Rådighed ved deltid")
    assert question.deadline == datetime.date.today() + datetime.timedelta(days=14)
    # The reform page lists the a-kasse's own questions, and only to that a-kasse.
    own = akasse.get(reverse("reforms:page", args=[reform.slug])).content.decode()
    assert "Jeres a-kasses spørgsmål" in own and "Rådighed ved deltid" in own
    other = Client()
    other.force_login(User.objects.get(username="akasse2"))
    theirs = other.get(reverse("reforms:page", args=[reform.slug])).content.decode()
    assert "Jeres a-kasse har ikke stillet spørgsmål om reformen." in theirs
    assert "Rådighed ved deltid" not in theirs
    response = client_for("staff").post(
        reverse("reforms:question_answer", args=[question.pk]),
        {"answer": "Ja, kravet gælder også deltidsforsikrede.", "published": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    assert question.status == "answered" and question.answered_at <= question.deadline
    page = akasse.get(question.get_absolute_url()).content.decode()
    assert "Ja, kravet gælder også deltidsforsikrede." in page
    # Answered in time: the hourly flagging has nothing to say about it.
    assert (
        services.questions_flag_overdue(today=question.deadline + datetime.timedelta(days=1)) == 0
    )

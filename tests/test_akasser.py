"""The a-kasser (issue 19 point 2): organisations beside the municipalities whose users read the
reform pages and ask questions with the same service level, receive communications, and never
see a municipal benchmark page (403) or another organisation's questions (404)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import AKasse, Role, User
from accounts.services import akasse_communication_recipients
from reforms import services
from reforms.models import CommunicationItem, Office, Person, Question


@pytest.fixture
def reform(users):
    return services.reform_create(name="Flere skal med", slug="flere-skal-med", by=users["staff"])


@pytest.fixture
def akasse2(users):
    return User.objects.get(username="akasse2")


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_demo_has_three_akasser_with_one_user_each(users):
    akasser = list(AKasse.objects.order_by("code"))
    assert len(akasser) == 3
    for akasse in akasser:
        [user] = akasse.users.all()
        assert (user.role, user.municipality_id, user.is_akasse) == (Role.AKASSE, None, True)
    assert users["akasse"].username == "akasse1"


def test_akasse_user_reads_the_reform_page_and_asks_with_the_14_day_service_level(
    users, reform, client_for
):
    client = client_for("akasse")
    page = client.get(reverse("reforms:page", args=[reform.slug]))
    assert page.status_code == 200
    assert reverse("reforms:question_create", args=[reform.slug]) in page.content.decode()
    form = client.get(reverse("reforms:question_create", args=[reform.slug]))
    assert form.status_code == 200 and 'name="municipality"' not in form.content.decode()
    response = client.post(
        reverse("reforms:question_create", args=[reform.slug]),
        {"subject": "Rådighed for dagpengemodtagere", "text": "Hvordan?"},
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    question = Question.objects.get(subject="Rådighed for dagpengemodtagere")
    assert question.akasse == users["akasse"].akasse and question.municipality is None
    assert question.deadline == datetime.date.today() + datetime.timedelta(days=14)
    assert question.asked_by == users["akasse"]
    listing = client.get(reverse("reforms:question_list")).content.decode()
    assert "Rådighed for dagpengemodtagere" in listing
    assert client.get(question.get_absolute_url()).status_code == 200
    # STAR sees and answers it; the organisation is named.
    staff = client_for("staff").get(question.get_absolute_url()).content.decode()
    assert "A-kasse Nord (demo)" in staff


def test_other_organisations_do_not_see_an_akasse_question(users, reform, akasse2, client_for):
    question = services.question_ask(
        reform=reform, subject="Kun vores", text="?", by=users["akasse"]
    )
    for client in (as_user(akasse2), client_for("jc751"), client_for("jc101")):
        assert client.get(question.get_absolute_url()).status_code == 404
        assert "Kun vores" not in client.get(reverse("reforms:question_list")).content.decode()
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(akasse2)
    assert api.get(f"/api/v1/questions/{question.pk}/").status_code == 404
    assert api.get("/api/v1/questions/").json()["results"] == []


def test_akasse_user_does_not_see_municipal_questions(users, reform, client_for, api_for):
    question = services.question_ask(
        reform=reform, subject="Aarhus spørger", text="?", by=users["jc751"]
    )
    client = client_for("akasse")
    assert client.get(question.get_absolute_url()).status_code == 404
    assert api_for("akasse").get(f"/api/v1/questions/{question.pk}/").status_code == 404


def test_akasse_asks_through_the_api(users, reform, api_for):
    response = api_for("akasse").post(
        "/api/v1/questions/", {"reform": reform.slug, "subject": "API", "text": "?"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["akasse"] == "a-kasse-nord" and body["municipality"] is None


@pytest.mark.parametrize(
    "url",
    ["/benchmark/751/", "/benchmark/101/", "/benchmark/751/data.csv", "/benchmark/", "/rapporter/"],
)
def test_akasse_user_never_sees_a_municipal_benchmark_page(users, client_for, url):
    assert client_for("akasse").get(url).status_code == 403


def test_akasse_user_gets_403_from_the_benchmark_api(users, api_for):
    response = api_for("akasse").get("/api/v1/benchmark/751/")
    assert response.status_code == 403 and "detail" in response.json()
    assert api_for("akasse").get("/api/v1/values/").status_code == 403


def test_akasse_home_is_the_reform_pages_and_questions_without_municipal_menu(users, client_for):
    client = client_for("akasse")
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == reverse("reforms:question_list")
    page = client.get(reverse("reforms:question_list")).content.decode()
    assert "Reformer og spørgsmål" in page
    for hidden in ("Min kommune", "Rapporter", "Opfølgning"):
        assert f">{hidden}<" not in page


def test_overdue_akasse_question_is_flagged_like_a_municipal_one(users, reform):
    office = Office.objects.create(code="ro", name="Reformkontoret", kind="reform_office")
    Person.objects.create(name="Kontorchef", email="chef@star.dk", office=office)
    reform.responsible_office = office
    reform.save()
    services.question_ask(
        reform=reform,
        subject="Frist fra a-kassen",
        text="?",
        by=users["akasse"],
        today=datetime.date.today() - datetime.timedelta(days=15),
    )
    assert services.questions_flag_overdue() == 1
    assert "Frist fra a-kassen (A-kasse Nord (demo)" in mail.outbox[-1].body


def test_akasser_are_recipients_and_an_audience_of_the_communication_plan(users, reform):
    assert sorted(akasse_communication_recipients()) == [
        "kommunikation@a-kasse-midt.demo.dk",
        "kommunikation@a-kasse-nord.demo.dk",
        "kommunikation@a-kasse-syd.demo.dk",
    ]
    item = CommunicationItem.objects.create(
        reform=reform,
        message="Nye regler for rådighed",
        audience="Jobcentre",
        to_akasser=True,
        timing=datetime.date(2027, 1, 15),
    )
    assert item.to_akasser


def test_organisation_rules_hold_at_the_model_and_the_database(users, reform):
    akasse = users["akasse"].akasse
    bad = User(username="x", role=Role.AKASSE)
    with pytest.raises(ValidationError):
        bad.full_clean()
    with pytest.raises(ValidationError):
        User(username="y", role=Role.STAFF, akasse=akasse).full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        User.objects.create(username="z", role=Role.AKASSE)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Question.objects.create(
            reform=reform,
            municipality_id=751,
            akasse=akasse,
            subject="Begge",
            text="?",
            deadline=datetime.date.today(),
        )


def test_admin_invites_an_akasse_user(users, client_for):
    akasse = AKasse.objects.get(code="a-kasse-syd")
    response = client_for("admin").post(
        reverse("accounts:user_invite"),
        {"username": "ak-syd-2", "email": "ny@a-kasse-syd.dk", "role": Role.AKASSE},
    )
    assert "En a-kassebruger skal knyttes til en a-kasse." in response.content.decode()
    response = client_for("admin").post(
        reverse("accounts:user_invite"),
        {
            "username": "ak-syd-2",
            "email": "ny@a-kasse-syd.dk",
            "role": Role.AKASSE,
            "akasse": akasse.pk,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="ak-syd-2").akasse == akasse

"""Log-in, lock-out, password reset, invitations and user administration."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User


@pytest.mark.django_db
def test_login_with_right_password_redirects_home(users, client):
    response = client.post("/login/", {"username": "star", "password": "pw-test-2026"})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_wrong_password_shows_danish_error_and_no_session(users, client):
    response = client.post("/login/", {"username": "star", "password": "forkert"})
    assert response.status_code == 200
    assert "Forkert brugernavn eller adgangskode" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_five_failures_lock_the_account_even_for_the_right_password(users, client):
    for _ in range(5):
        client.post("/login/", {"username": "star", "password": "forkert"})
    response = client.post("/login/", {"username": "star", "password": "pw-test-2026"})
    assert response.status_code == 429
    assert "Kontoen er midlertidigt låst" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_job_centre_manager_lands_on_own_benchmark_page(users, client):
    client.post("/login/", {"username": "jc751", "password": "pw-test-2026"})
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/benchmark/751/"
    assert "Aarhus" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_sends_danish_mail_with_working_link(users, client):
    from accounts.tasks import send_password_reset

    response = client.post(reverse("accounts:password_reset"), {"email": "star@demo.star.dk"})
    assert response.status_code == 302
    send_password_reset("star@demo.star.dk")  # the worker's part (tests/test_accounts_mail.py)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "nulstille adgangskoden" in body
    link = re.search(r"https?://[^/]+(/password/reset/\S+)", body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Nyt-kodeord-2026!", "new_password2": "Nyt-kodeord-2026!"}
    )
    assert response.status_code == 302
    assert User.objects.get(username="star").check_password("Nyt-kodeord-2026!")


@pytest.mark.django_db
def test_admin_invites_job_centre_manager_who_sets_password(
    users, client_for, django_capture_on_commit_callbacks
):
    admin = client_for("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("accounts:user_invite"),
            {
                "username": "jc461",
                "email": "Chef@Odense.dk",
                "role": Role.JOBCENTRE,
                "municipality": 461,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="jc461")
    assert user.municipality_id == 461
    assert user.email == "chef@odense.dk"
    assert not user.has_usable_password()
    from accounts.tasks import send_invitation

    send_invitation(user.pk, users["admin"].pk)  # the worker's part
    assert len(mail.outbox) == 1
    assert "Jobcenterchef" in mail.outbox[0].body
    assert user.history.first().history_user == users["admin"]


@pytest.mark.django_db
def test_invite_job_centre_manager_without_municipality_is_rejected_in_danish(users, client_for):
    response = client_for("admin").post(
        reverse("accounts:user_invite"),
        {"username": "x", "email": "x@example.dk", "role": Role.JOBCENTRE},
    )
    assert response.status_code == 200
    assert "En jobcenterchef skal knyttes til en kommune." in response.content.decode()
    assert not User.objects.filter(username="x").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_invite_with_unknown_municipality_code_is_rejected(users, client_for):
    response = client_for("admin").post(
        reverse("accounts:user_invite"),
        {"username": "x", "email": "x@example.dk", "role": Role.JOBCENTRE, "municipality": 999},
    )
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    assert not User.objects.filter(username="x").exists()


@pytest.mark.django_db
def test_admin_deactivates_user_and_history_records_it(users, client_for):
    target = users["jc101"]
    response = client_for("admin").post(reverse("accounts:user_toggle_active", args=[target.pk]))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.is_active is False
    record = target.history.first()
    assert record.history_user == users["admin"]
    assert record.is_active is False


@pytest.mark.django_db
def test_staff_cannot_deactivate_users(users, client_for):
    target = users["jc101"]
    response = client_for("staff").post(reverse("accounts:user_toggle_active", args=[target.pk]))
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.is_active is True


@pytest.mark.django_db
def test_several_managers_per_municipality_allowed(users, client_for):
    response = client_for("admin").post(
        reverse("accounts:user_invite"),
        {"username": "jc751b", "email": "b@aarhus.dk", "role": Role.JOBCENTRE, "municipality": 751},
    )
    assert response.status_code == 302
    assert User.objects.filter(municipality_id=751).count() == 2


@pytest.mark.django_db
def test_api_without_token_is_401_json(users, client):
    response = client.get("/api/v1/municipalities/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.django_db
def test_api_with_token(users, client):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=users["jc101"])
    response = client.get(
        "/api/v1/municipalities/?page_size=200", HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 98
    assert {"code": 751, "name": "Aarhus"}.items() <= data["results"][
        [r["code"] for r in data["results"]].index(751)
    ].items()


@pytest.mark.django_db
def test_api_unknown_municipality_is_json_404(api_for):
    response = api_for("staff").get("/api/v1/municipalities/999/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Ingen fundet."} or "detail" in response.json()

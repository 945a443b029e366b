"""API tokens follow the account (issue 21 point 4): a password change revokes them, a locked
account cannot use them, and they expire after API_TOKEN_LIFETIME_DAYS."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

URL = "/api/v1/benchmark/751/"


def api(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def token(users):
    return Token.objects.create(user=users["jc751"])


@pytest.mark.django_db
def test_a_fresh_token_works(token):
    assert api(token.key).get(URL).status_code == 200


@pytest.mark.django_db
def test_password_change_on_the_page_revokes_the_token(token, users):
    client = Client()
    client.force_login(users["jc751"])
    response = client.post(
        "/password/change/",
        {
            "old_password": "pw-test-2026",
            "new_password1": "Nyt-kodeord-2026!",
            "new_password2": "Nyt-kodeord-2026!",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert not Token.objects.filter(user=users["jc751"]).exists()
    refused = api(token.key).get(URL)
    assert refused.status_code == 401
    assert "detail" in refused.json()


@pytest.mark.django_db
def test_password_reset_and_set_password_revoke_the_token(token, users):
    user = users["jc751"]
    user.set_password("Andet-kodeord-2026!")
    user.save()
    assert api(token.key).get(URL).status_code == 401


@pytest.mark.django_db
def test_saving_the_user_without_a_new_password_keeps_the_token(token, users):
    user = users["jc751"]
    user.title = "Jobcenterchef"
    user.save()
    assert api(token.key).get(URL).status_code == 200


@pytest.mark.django_db
def test_locked_out_account_cannot_use_its_token_until_the_lock_ends(token, users):
    login = Client()
    for _ in range(5):
        login.post("/login/", {"username": "jc751", "password": "forkert"})
    refused = api(token.key).get(URL)
    assert refused.status_code == 401
    assert refused.json()["detail"].startswith("Kontoen er midlertidigt låst")
    assert Token.objects.filter(pk=token.pk).exists()  # kept: the lock is temporary

    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(hours=2))
    assert api(token.key).get(URL).status_code == 200


@pytest.mark.django_db
def test_another_users_lock_out_does_not_touch_this_token(token, users):
    login = Client()
    for _ in range(5):
        login.post("/login/", {"username": "jc101", "password": "forkert"})
    assert api(token.key).get(URL).status_code == 200


@pytest.mark.django_db
def test_token_expires_after_the_lifetime_and_is_deleted(token, settings):
    assert settings.API_TOKEN_LIFETIME_DAYS == 90  # the documented default
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - datetime.timedelta(days=89, hours=23)
    )
    assert api(token.key).get(URL).status_code == 200
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - datetime.timedelta(days=90, minutes=1)
    )
    refused = api(token.key).get(URL)
    assert refused.status_code == 401
    assert "udløbet" in refused.json()["detail"]
    assert not Token.objects.filter(pk=token.pk).exists()


@pytest.mark.django_db
def test_lifetime_is_a_setting_and_the_beat_purge_deletes_expired_tokens(users, settings):
    from accounts.tasks import purge_expired_tokens

    settings.API_TOKEN_LIFETIME_DAYS = 7
    old = Token.objects.create(user=users["jc751"])
    Token.objects.filter(pk=old.pk).update(created=timezone.now() - datetime.timedelta(days=8))
    fresh = Token.objects.create(user=users["jc101"])
    assert purge_expired_tokens()["tokens"] == 1
    assert list(Token.objects.values_list("pk", flat=True)) == [fresh.pk]


@pytest.mark.django_db
def test_drf_create_token_gives_a_working_key_again_after_expiry(users, capsys):
    call_command("drf_create_token", "jc751")
    key = capsys.readouterr().out.split()[2]
    Token.objects.filter(key=key).update(created=timezone.now() - datetime.timedelta(days=91))
    assert api(key).get(URL).status_code == 401  # expired, and deleted
    call_command("drf_create_token", "jc751")
    new_key = capsys.readouterr().out.split()[2]
    assert new_key != key
    assert api(new_key).get(URL).status_code == 200

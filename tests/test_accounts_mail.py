"""The account e-mails (issue 21 point 4): the password reset answers alike for every address,
is throttled per address and per client address, and is mailed by the worker; the invitation
is plain text without HTML escaping and links from SITE_URL, not from the request's Host."""

import os
import re
import statistics
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import PasswordResetAttempt, Role, User
from accounts.tasks import send_invitation, send_password_reset

from .conftest import wait_for
from .smtp import mail_worker_fixture, smtp_fixture  # noqa: F401 - fixtures

SITE = "https://star-impl.example.dk"
RESET = "/password/reset/"
DONE = "/password/reset/done/"


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    return settings


def reset(client, email, ip="10.0.0.1", host="testserver"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip, HTTP_HOST=host)


@pytest.mark.django_db
def test_reset_request_mails_nothing_itself_and_the_worker_mails_a_site_url_link(
    users, site, client
):
    response = reset(client, "star@demo.star.dk", host="localhost")
    assert response.status_code == 302 and response["Location"] == DONE
    assert mail.outbox == []  # nothing sent inside the request

    assert send_password_reset("star@demo.star.dk") == 1  # what the worker runs
    [message] = mail.outbox
    assert message.subject == "Ny adgangskode til STAR Impl"
    assert "nulstille adgangskoden" in message.body
    link = re.search(r"\S+/password/reset/\S+", message.body).group(0)
    assert link.startswith(SITE + "/password/reset/"), link  # not http://localhost
    page = client.get(link.removeprefix(SITE), follow=True)
    form_url = page.redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": "Nyt-kodeord-2026!", "new_password2": "Nyt-kodeord-2026!"}
    )
    assert done.status_code == 302
    assert User.objects.get(username="star").check_password("Nyt-kodeord-2026!")


@pytest.mark.django_db
def test_unknown_address_gets_the_same_answer_and_no_mail(users, client):
    known, unknown = reset(client, "star@demo.star.dk"), reset(client, "nobody@example.dk")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert send_password_reset("nobody@example.dk") == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_reset_is_throttled_per_address(users, settings):
    settings.PASSWORD_RESET_PER_ADDRESS = 3
    statuses = [
        reset(Client(), "star@demo.star.dk", ip=f"10.0.1.{i}").status_code for i in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    refused = reset(Client(), "STAR@demo.star.dk ", ip="10.0.1.9")  # same address, other case
    assert refused.status_code == 429
    assert "bedt om en ny adgangskode for mange gange" in refused.content.decode()
    assert reset(Client(), "jc751@demo.star.dk", ip="10.0.1.9").status_code == 302
    assert PasswordResetAttempt.objects.count() == 4  # refused requests are not counted
    # Nothing stored says which address or client it was.
    stored = list(PasswordResetAttempt.objects.values_list("address_hash", "ip_hash"))
    assert not any("star" in a or "10.0" in i for a, i in stored)


@pytest.mark.django_db
def test_reset_is_throttled_per_client_address(users, settings):
    settings.PASSWORD_RESET_PER_IP = 4
    statuses = [reset(Client(), f"user{i}@example.dk", ip="10.0.2.1").status_code for i in range(6)]
    assert statuses == [302, 302, 302, 302, 429, 429]
    assert reset(Client(), "user9@example.dk", ip="10.0.2.2").status_code == 302


@pytest.mark.django_db
def test_old_reset_counts_expire_and_are_purged(users, settings):
    import datetime

    from accounts.tasks import purge_expired_tokens

    settings.PASSWORD_RESET_PER_ADDRESS = 1
    assert reset(Client(), "star@demo.star.dk").status_code == 302
    assert reset(Client(), "star@demo.star.dk").status_code == 429
    PasswordResetAttempt.objects.update(
        created_at=PasswordResetAttempt.objects.get().created_at
        - datetime.timedelta(seconds=settings.PASSWORD_RESET_WINDOW + 1)
    )
    assert reset(Client(), "star@demo.star.dk").status_code == 302
    assert purge_expired_tokens()["reset_attempts"] == 1
    assert PasswordResetAttempt.objects.count() == 1


def test_reset_takes_the_same_time_for_a_known_and_an_unknown_address(smtp, users, settings):
    """50 requests each, in interleaved pairs, with a real SMTP server behind the web process:
    the median of the paired differences is within noise (< 3 ms; before this change the
    known address took 25 ms longer: its token, template and SMTP conversation ran in the
    request)."""
    port = int(os.environ["WORKER_EMAIL_URL"].rsplit(":", 1)[1])
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.PASSWORD_RESET_PER_ADDRESS = settings.PASSWORD_RESET_PER_IP = 10_000
    client = Client()
    addresses = {"known": "star@demo.star.dk", "unknown": "nobody@example.dk"}

    def timed(kind):
        start = time.perf_counter()
        assert reset(client, addresses[kind]).status_code == 302
        return (time.perf_counter() - start) * 1000

    for _ in range(5):  # warm up both paths
        timed("known"), timed("unknown")
    pairs = []
    for i in range(50):
        order = ("known", "unknown") if i % 2 else ("unknown", "known")
        measured = {kind: timed(kind) for kind in order}
        pairs.append((measured["known"], measured["unknown"]))
    known = statistics.median(k for k, _ in pairs)
    unknown = statistics.median(u for _, u in pairs)
    paired = statistics.median(k - u for k, u in pairs)
    print(
        f"password reset, 50 each: median known {known:.2f} ms, unknown {unknown:.2f} ms, "
        f"median paired difference {paired:+.2f} ms"
    )
    assert abs(paired) < 3.0, (known, unknown, paired)
    assert smtp.messages == []  # the web process sent nothing


@pytest.mark.django_db
def test_invitation_is_plain_text_unescaped_and_links_from_site_url(
    users, site, client_for, django_capture_on_commit_callbacks
):
    admin = users["admin"]
    admin.first_name, admin.last_name = 'Anne "AK"', "O'Hara & Co <STAR>"
    admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin").post(
            reverse("accounts:user_invite"),
            {
                "username": "jc461",
                "email": "chef@odense.dk",
                "first_name": "Ida",
                "last_name": "Holm & Søn",
                "role": Role.JOBCENTRE,
                "municipality": 461,
            },
            HTTP_HOST="localhost",
        )
    assert response.status_code == 302
    assert mail.outbox == []  # the worker sends it
    user = User.objects.get(username="jc461")
    assert send_invitation(user.pk, admin.pk) == 1
    [message] = mail.outbox
    assert message.subject == "Invitation til STAR Impl"
    assert message.alternatives == []  # plain text only
    body = message.body
    assert "Hej Ida Holm & Søn" in body
    assert 'Anne "AK" O\'Hara & Co <STAR> har oprettet dig' in body
    assert "&quot;" not in body and "&amp;" not in body and "&#x27;" not in body
    link = re.search(r"\S+/password/reset/\S+", body).group(0)
    assert link.startswith(SITE + "/password/reset/"), link
    # The worker running the task again (a retry) sends nothing once a password is set.
    user.set_password("Nyt-kodeord-2026!")
    user.save()
    assert send_invitation(user.pk, admin.pk) == 0


@pytest.fixture
def worker_site(monkeypatch):
    """SITE_URL of the worker process (set before it starts)."""
    monkeypatch.setenv("SITE_URL", SITE)


def test_password_reset_goes_through_a_real_worker(worker_site, mail_worker, smtp, users):
    client = Client()
    assert reset(client, "jc751@demo.star.dk").status_code == 302
    wait_for(lambda: smtp.messages, timeout=30)
    [received] = smtp.messages
    assert received["to"] == ["jc751@demo.star.dk"]
    body = received["message"].get_content()
    assert SITE + "/password/reset/" in body

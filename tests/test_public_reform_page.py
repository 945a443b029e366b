"""The public reform page (issue 19 point 3): no log-in once published, 404 before; only what is
marked public; never risks, escalations or municipal figures; Last-Modified and 304; milestones
drive the phases; documents checked like imports."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from indicators.models import IndicatorValue
from reforms import services as reform_services
from reforms.models import CommunicationItem, Document, LegislativeMilestone, Question
from reforms.public import selectors, services
from tests.benchmark_data import END, fill_values, make_indicator

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def reform(users):
    reform = reform_services.reform_create(
        name="Flere skal med",
        slug="flere-skal-med",
        short_description="Flere kontanthjælpsmodtagere i job.",
        intentions="Alle skal mødes med forventning om job.",
    )
    reform.page_sections.filter(kind="front").update(body="Seneste nyt: startpakken er ude.")
    reform.page_sections.filter(kind="it").update(body="Intern IT-plan: kun STAR.", public=False)
    indicator = make_indicator("pub_sig", reform=reform)
    fill_values([indicator], months=2)
    IndicatorValue.objects.filter(indicator=indicator, municipality=751, period=END).update(
        value=987.65
    )
    today = timezone.localdate()
    CommunicationItem.objects.create(
        reform=reform,
        message="Webinar om startpakken",
        audience="Jobcentre",
        timing=today + datetime.timedelta(days=20),
    )
    CommunicationItem.objects.create(
        reform=reform,
        message="Gammelt nyhedsbrev",
        audience="Jobcentre",
        timing=today - datetime.timedelta(days=20),
    )
    CommunicationItem.objects.create(
        reform=reform,
        message="Netværksmøderne kører",
        audience="Teamledere",
        timing=today - datetime.timedelta(days=5),
        status="in_progress",
    )
    from reforms.models import Person
    from risklog import services as risk_services

    owner = Person.objects.create(name="Ejer", email="ejer@star.example")
    risk_services.risk_create(
        reform=reform, by=users["staff"], title="Hemmelig risiko om IT", owner=owner
    )
    reform_services.escalation_raise(
        reform=reform, subject="Intern eskalering om Aarhus", proposal="Besøg", by=users["staff"]
    )
    question = reform_services.question_ask(
        reform=reform, subject="Hvem er målgruppen?", text="Tekst", by=users["jc751"]
    )
    reform_services.question_answer(
        question=question, answer="Alle aktivitetsparate.", by=users["staff"], published=True
    )
    reform_services.question_ask(
        reform=reform, subject="Uoffentligt spørgsmål fra Aarhus", text="x", by=users["jc751"]
    )
    LegislativeMilestone.objects.create(
        reform=reform, kind="agreement", date=datetime.date(2024, 5, 2)
    )
    LegislativeMilestone.objects.create(
        reform=reform,
        kind="bill",
        date=datetime.date(2024, 10, 2),
        note="Intern note",
        public=False,
    )
    services.document_add(
        reform=reform,
        title="Startpakke til jobcentre",
        kind="start_package",
        date=datetime.date(2024, 11, 1),
        file=SimpleUploadedFile("start.pdf", PDF),
        by=users["staff"],
    )
    services.document_add(
        reform=reform,
        title="Internt udkast",
        kind="other",
        date=datetime.date(2024, 11, 2),
        file=SimpleUploadedFile("udkast.pdf", PDF),
        by=users["staff"],
        public=False,
    )
    return reform


def test_unpublished_page_is_404_and_preview_is_for_star(reform, client_for):
    url = reverse("reforms:public_page", args=[reform.slug])
    assert Client().get(url).status_code == 404
    assert Client().get("/public/reforms/findes-ikke/").status_code == 404
    preview = reverse("reforms:public_preview", args=[reform.slug])
    assert client_for("staff").get(preview).status_code == 200
    assert "Forhåndsvisning" in client_for("staff").get(preview).content.decode()
    assert client_for("jc751").get(preview).status_code == 403
    assert client_for("anonymous").get(preview).status_code == 302


def test_anonymous_reads_published_page_without_any_internal_field(reform, client_for):
    response = client_for("staff").post(
        reverse("reforms:publish", args=[reform.slug]), {"published": "1"}
    )
    assert response.status_code == 302
    page = Client().get(reverse("reforms:public_page", args=[reform.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    # What the public sees.
    for text in (
        "Flere skal med",
        "Alle skal mødes med forventning om job.",
        "Seneste nyt: startpakken er ude.",
        "Politisk aftale",
        "Webinar om startpakken",
        "Netværksmøderne kører",
        "Startpakke til jobcentre",
        "Hvem er målgruppen?",
        "Alle aktivitetsparate.",
        "Indikator pub_sig",
    ):
        assert text in html, text
    national = IndicatorValue.objects.filter(period=END).values_list("national_value", flat=True)
    assert f"{national[0]:.1f}".replace(".", ",") in html
    # What it never shows: risks, escalations, municipal figures, internal or past items.
    for text in (
        "Hemmelig risiko om IT",
        "Intern eskalering om Aarhus",
        "987,7",
        "987.65",
        "Aarhus",
        "Uoffentligt spørgsmål",
        "Intern IT-plan",
        "Intern note",
        "Internt udkast",
        "Gammelt nyhedsbrev",
        "/benchmark/",
        "/rapporter/",
    ):
        assert text not in html, text
    assert page["Last-Modified"]


def test_last_modified_gives_304_until_the_page_changes(reform, users):
    services.publication_set(reform=reform, published=True, by=users["staff"])
    url = reverse("reforms:public_page", args=[reform.slug])
    first = Client().get(url)
    again = Client().get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    # A newer change (a published answer) makes the page new again.
    later = timezone.now() + datetime.timedelta(seconds=5)
    Question.objects.filter(published=True).update(updated_at=later)
    changed = Client().get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert changed.status_code == 200
    assert changed["Last-Modified"] == http_date(later.replace(microsecond=0).timestamp())


def test_withdrawn_page_is_404_again(reform, users):
    services.publication_set(reform=reform, published=True, by=users["staff"])
    services.publication_set(reform=reform, published=False, by=users["staff"])
    assert Client().get(reverse("reforms:public_page", args=[reform.slug])).status_code == 404


def test_public_documents_download_without_login_internal_ones_404(reform, users):
    services.publication_set(reform=reform, published=True, by=users["staff"])
    public = Document.objects.get(title="Startpakke til jobcentre")
    internal = Document.objects.get(title="Internt udkast")
    response = Client().get(reverse("reforms:public_document", args=[reform.slug, public.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert (
        Client()
        .get(reverse("reforms:public_document", args=[reform.slug, internal.pk]))
        .status_code
        == 404
    )


def test_logged_in_page_shows_internal_documents_only_to_star_and_steering(reform, client_for):
    """Decision (docs/partnership.md): a document not marked public is on the logged-in reform
    page, and downloads, only for STAR staff, administrators and steering-group members."""
    Document.objects.filter(title="Internt udkast").update(
        title="Statuspapir til styregruppen (internt)"
    )
    internal = Document.objects.get(title="Statuspapir til styregruppen (internt)")
    public = Document.objects.get(title="Startpakke til jobcentre")
    page = reverse("reforms:page", args=[reform.slug])
    shown = {}
    for role in ("admin", "staff", "steering", "jc751", "jc101", "akasse"):
        html = client_for(role).get(page).content.decode()
        shown[role] = (
            "Statuspapir til styregruppen (internt)" in html,
            "Startpakke til jobcentre" in html,
        )
    assert shown == {
        "admin": (True, True),
        "staff": (True, True),
        "steering": (True, True),
        "jc751": (False, True),
        "jc101": (False, True),
        "akasse": (False, True),
    }
    download = reverse("reforms:document_download", args=[internal.pk])
    assert client_for("akasse").get(download).status_code == 404
    assert client_for("jc751").get(download).status_code == 404
    response = client_for("staff").get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    public_download = reverse("reforms:document_download", args=[public.pk])
    assert client_for("akasse").get(public_download).status_code == 200
    assert [d.title for d in selectors.documents_for(reform.documents.all(), None)] == [
        "Startpakke til jobcentre"
    ]


def test_document_upload_refuses_wrong_type_and_content_nothing_stored(reform, client_for):
    url = reverse("reforms:document_create", args=[reform.slug])
    staff = client_for("staff")
    before = Document.objects.count()
    for name, data in (
        ("virus.exe", b"MZ\x90\x00"),
        ("falsk.pdf", b"<html>not a pdf"),
        ("tom.pdf", b""),
    ):
        response = staff.post(
            url,
            {
                "title": "X",
                "kind": "tool",
                "date": "2025-01-01",
                "file": SimpleUploadedFile(name, data),
            },
        )
        assert response.status_code == 200, name
        assert "form-error-message" in response.content.decode(), name
    assert Document.objects.count() == before
    ok = staff.post(
        url,
        {
            "title": "Værktøj",
            "kind": "tool",
            "date": "2025-01-01",
            "public": "on",
            "file": SimpleUploadedFile("tjekliste.pdf", PDF),
        },
    )
    assert ok.status_code == 302
    assert client_for("jc751").post(url, {}).status_code == 403


def test_milestones_set_the_phases_planned_dates_and_entry_into_force(reform, client_for):
    staff = client_for("staff")
    response = staff.post(
        reverse("reforms:milestone_create", args=[reform.slug]),
        {"kind": "in_force", "date": "2025-01-01", "note": "", "url": "", "public": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    reform.refresh_from_db()
    phases = {p.kind: p for p in reform.phases.all()}
    assert reform.law_in_force == datetime.date(2025, 1, 1)
    assert phases["prepare"].planned_end == datetime.date(2024, 5, 2)
    assert phases["plan"].planned_start == datetime.date(2024, 5, 2)
    assert phases["plan"].planned_end == datetime.date(2024, 12, 31)
    assert phases["initial"].planned_start == datetime.date(2025, 1, 1)
    assert reform.phases.get(kind="initial").history.first().history_user.username == "star"


def test_activities_are_ongoing_and_upcoming_only(reform):
    ongoing, upcoming = selectors.activities(reform)
    assert [a.message for a in ongoing] == ["Netværksmøderne kører"]
    assert [a.message for a in upcoming] == ["Webinar om startpakken"]


def test_accessibility_statement_covers_the_public_reform_pages():
    html = Client().get(reverse("accessibility")).content.decode()
    assert "offentlige reformsider" in html

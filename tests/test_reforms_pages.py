"""Reform pages: create/edit/delete, bad input (Danish errors, nothing saved), permissions."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from reforms import services
from reforms.models import (
    ChecklistItem,
    Escalation,
    Group,
    GroupMember,
    Office,
    Person,
    Question,
    Reform,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reform(users):
    return services.reform_create(name="Flere skal med", slug="flere-skal-med", by=users["staff"])


def test_staff_creates_a_reform_with_phases_and_history(client_for, users):
    response = client_for("staff").post(
        reverse("reforms:create"),
        {
            "name": "Ny reform",
            "slug": "ny-reform",
            "complexity": "simple",
            "status": "draft",
            "reply_deadline_days": 14,
            "law_in_force": "2027-01-01",
        },
    )
    reform = Reform.objects.get(slug="ny-reform")
    assert response.status_code == 302
    assert response["Location"] == reform.get_absolute_url()
    assert reform.phases.count() == 4
    assert reform.law_in_force == datetime.date(2027, 1, 1)
    assert reform.history.first().history_user == users["staff"]


def test_duplicate_and_reserved_slugs_give_danish_errors(client_for, reform):
    response = client_for("staff").post(
        reverse("reforms:create"),
        {
            "name": "X",
            "slug": "questions",
            "complexity": "simple",
            "status": "draft",
            "reply_deadline_days": 14,
        },
    )
    assert response.status_code == 200
    assert "er reserveret" in response.content.decode()
    assert Reform.objects.count() == 1


def test_workspace_shows_checklist_and_warning(client_for, reform):
    reform.law_in_force = datetime.date.today() + datetime.timedelta(days=10)
    reform.save()
    html = client_for("steering").get(reform.get_absolute_url()).content.decode()
    assert "Juridisk startvejledning klar" in html
    assert "den juridiske startvejledning er ikke færdig" in html
    assert "Markér som udført" not in html  # steering members read, staff edit


def test_staff_ticks_a_checklist_item_and_history_records_who(client_for, users, reform):
    item = ChecklistItem.objects.get(phase__reform=reform, code="legal_start_guide")
    response = client_for("staff").post(
        reverse("reforms:checklist_toggle", args=[item.pk]), {"done": "1"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done and item.done_at == datetime.date.today()
    assert item.history.first().history_user == users["staff"]


def test_steering_member_cannot_tick(client_for, reform):
    item = reform.phases.first().checklist.first()
    response = client_for("steering").post(
        reverse("reforms:checklist_toggle", args=[item.pk]), {"done": "1"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert not item.done


def test_checklist_item_for_a_phase_of_another_reform_is_refused(client_for, reform):
    other = services.reform_create(name="Anden", slug="anden")
    foreign_phase = other.phases.get(kind="plan")
    before = ChecklistItem.objects.count()
    response = client_for("staff").post(
        reverse("reforms:checklist_create", args=[reform.slug]),
        {"phase": foreign_phase.pk, "title": "Snyd"},
    )
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    assert ChecklistItem.objects.count() == before


def test_phase_dates_out_of_order_are_refused(client_for, reform):
    phase = reform.phases.get(kind="plan")
    response = client_for("staff").post(
        reverse("reforms:phase_update", args=[phase.pk]),
        {"planned_start": "2026-05-01", "planned_end": "2026-04-01", "status": "in_progress"},
    )
    assert response.status_code == 200
    assert "Planlagt slut kan ikke ligge før planlagt start" in response.content.decode()
    phase.refresh_from_db()
    assert phase.planned_start is None and phase.status == "not_started"


def test_member_added_twice_is_refused(client_for, reform):
    group = Group.objects.create(reform=reform, kind=Group.Kind.STEERING)
    person = Person.objects.create(name="Anne", email="anne@star.dk")
    url = reverse("reforms:member_create", args=[group.pk])
    assert (
        client_for("staff").post(url, {"person": person.pk, "role": "Formand"}).status_code == 302
    )
    response = client_for("staff").post(url, {"person": person.pk, "role": "Igen"})
    assert response.status_code == 200
    assert "er allerede medlem af gruppen" in response.content.decode()
    assert GroupMember.objects.filter(group=group).count() == 1


def test_municipality_only_in_a_network(client_for, reform):
    group = Group.objects.create(reform=reform, kind=Group.Kind.STEERING)
    response = client_for("staff").post(
        reverse("reforms:member_create", args=[group.pk]), {"municipality": 751}
    )
    assert "Kun kommunenetværk og teamledernetværk" in response.content.decode()
    assert not GroupMember.objects.exists()


def test_second_group_of_the_same_kind_is_refused(client_for, reform):
    Group.objects.create(reform=reform, kind=Group.Kind.STEERING)
    response = client_for("staff").post(
        reverse("reforms:group_create", args=[reform.slug]), {"kind": "steering"}
    )
    assert response.status_code == 200
    assert "Reformen har allerede en styregruppe" in response.content.decode()


def test_only_administrators_delete_a_reform_after_confirmation(client_for, reform):
    url = reverse("reforms:delete", args=[reform.slug])
    assert client_for("staff").post(url).status_code == 403
    page = client_for("admin").get(url).content.decode()
    assert "tjeklistepunkter" in page and "Ja, slet reformen" in page
    assert Reform.objects.filter(pk=reform.pk).exists()
    assert client_for("admin").post(url).status_code == 302
    assert not Reform.objects.filter(pk=reform.pk).exists()


def test_job_centre_manager_reads_reform_page_but_not_workspace(client_for, reform):
    jc = client_for("jc751")
    assert jc.get(reform.get_absolute_url()).status_code == 403
    page = jc.get(reverse("reforms:page", args=[reform.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Spørgsmål og svar" in html and "Stil et spørgsmål" in html
    assert "Redigér afsnittet" not in html


def test_job_centre_manager_asks_for_his_own_municipality(client_for, users, reform):
    response = client_for("jc751").post(
        reverse("reforms:question_create", args=[reform.slug]),
        {"subject": "Hvornår?", "text": "Hvornår gælder reglerne?", "municipality": 101},
    )
    question = Question.objects.get()
    assert response.status_code == 302
    assert question.municipality_id == 751
    assert question.deadline == datetime.date.today() + datetime.timedelta(days=14)
    assert client_for("jc751").get(question.get_absolute_url()).status_code == 200
    assert client_for("jc101").get(question.get_absolute_url()).status_code == 404
    listing = client_for("jc101").get(reverse("reforms:question_list")).content.decode()
    assert "Hvornår?" not in listing


def test_published_answer_appears_on_reform_page(client_for, users, reform):
    question = services.question_ask(
        reform=reform, subject="Tæller ordinære timer?", text="?", by=users["jc751"]
    )
    response = client_for("staff").post(
        reverse("reforms:question_answer", args=[question.pk]),
        {"answer": "Ja, de tæller med.", "published": "on"},
    )
    assert response.status_code == 302
    html = client_for("jc101").get(reverse("reforms:page", args=[reform.slug])).content.decode()
    assert "Ja, de tæller med." in html


def test_staff_cannot_decide_an_escalation(client_for, users, reform):
    escalation = services.escalation_raise(
        reform=reform, subject="Mere støtte", proposal="AMK hjælper", by=users["staff"]
    )
    url = reverse("reforms:escalation_decide", args=[escalation.pk])
    data = {"status": "approved", "decision_text": "Godkendt"}
    response = client_for("staff").post(url, data)
    assert response.status_code == 200
    assert "Kun medlemmer af styregruppen" in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.status == "open"
    assert client_for("steering").post(url, data).status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == "approved" and escalation.decided_by == users["steering"]


def test_a_staff_member_seated_in_the_styregruppe_may_decide(users, reform):
    person = Person.objects.create(name="Chef", email="chef@star.dk", user=users["staff"])
    group = Group.objects.create(reform=reform, kind=Group.Kind.STEERING)
    GroupMember.objects.create(group=group, person=person)
    escalation = services.escalation_raise(
        reform=reform, subject="S", proposal="P", by=users["admin"]
    )
    services.escalation_decide(
        escalation=escalation, status="rejected", decision_text="Nej", by=users["staff"]
    )
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.REJECTED


def test_open_escalations_on_steering_home_page(client_for, users, reform):
    services.escalation_raise(reform=reform, subject="Beslut mig", proposal="P", by=users["staff"])
    html = client_for("steering").get("/").content.decode()
    assert "Beslut mig" in html


def test_escalation_mails_go_to_steering_then_proposer(users, reform):
    office = Office.objects.create(code="x", name="X")
    person = Person.objects.create(name="Medlem", email="medlem@star.dk", office=office)
    group = Group.objects.create(reform=reform, kind=Group.Kind.STEERING)
    GroupMember.objects.create(group=group, person=person)
    escalation = Escalation.objects.create(
        reform=reform, subject="Emne", proposal="Forslag", proposed_by=users["staff"]
    )
    assert services.escalation_mail_raised(escalation_id=escalation.pk) == 2
    assert sorted(mail.outbox[0].to) == ["medlem@star.dk", "styregruppe@demo.star.dk"]
    assert services.escalation_mail_raised(escalation_id=escalation.pk) == 0  # once only
    services.escalation_decide(
        escalation=escalation, status="approved", decision_text="OK", by=users["steering"]
    )
    assert services.escalation_mail_decided(escalation_id=escalation.pk) == 1
    assert mail.outbox[-1].to == ["star@demo.star.dk"]
    assert "Godkendt" in mail.outbox[-1].body
    assert services.escalation_mail_decided(escalation_id=escalation.pk) == 0


def test_overdue_questions_are_flagged_to_the_reform_office_once(users, reform):
    office = Office.objects.create(code="ro", name="Reformkontoret", kind="reform_office")
    Person.objects.create(name="Kontorchef", email="chef@star.dk", office=office)
    reform.responsible_office = office
    reform.save()
    question = services.question_ask(
        reform=reform,
        subject="Frist?",
        text="?",
        by=users["jc751"],
        today=datetime.date.today() - datetime.timedelta(days=15),
    )
    assert question.is_overdue()
    assert services.questions_flag_overdue() == 1
    assert mail.outbox[-1].to == ["chef@star.dk"]
    assert "Frist?" in mail.outbox[-1].body
    assert services.questions_flag_overdue() == 0


def test_lever_bank_is_searchable_across_reforms(client_for, reform):
    other = services.reform_create(name="Anden reform", slug="anden-reform")
    from reforms.models import Lever

    Lever.objects.create(
        reform=reform,
        type="monitoring",
        name="Månedlige monitoreringsrapporter",
        used_share=88,
        top3_share=67,
    )
    Lever.objects.create(reform=other, type="networks", name="Netværksmøder")
    html = (
        client_for("staff").get(reverse("reforms:lever_list") + "?q=monitorering").content.decode()
    )
    assert "Månedlige monitoreringsrapporter" in html and "Netværksmøder" not in html
    assert "88 %" in html and "67 %" in html


def test_lever_top3_cannot_exceed_used_share(client_for, reform):
    response = client_for("staff").post(
        reverse("reforms:lever_create"),
        {
            "reform": reform.pk,
            "type": "monitoring",
            "name": "G",
            "phase": "initial",
            "used_share": "50",
            "top3_share": "60",
        },
    )
    assert response.status_code == 200
    assert "kan ikke være større" in response.content.decode()


def test_demo_data_is_idempotent(users):
    from django.utils import timezone

    from core.demo import DemoOptions
    from reforms.demo import seed_reforms
    from reforms.models import Lever

    options = DemoOptions(seed=1, months=3, end=timezone.localdate().replace(day=1), password="x")
    seed_reforms(options)
    counts = {
        m.__name__: m.objects.count()
        for m in (Reform, ChecklistItem, Escalation, Question, Lever, GroupMember)
    }
    history = Reform.history.count() + ChecklistItem.history.count()
    seed_reforms(options)
    assert counts == {
        m.__name__: m.objects.count()
        for m in (Reform, ChecklistItem, Escalation, Question, Lever, GroupMember)
    }
    assert Reform.history.count() + ChecklistItem.history.count() == history
    assert counts["Reform"] == 2
    lever = Lever.objects.get(name="Månedlige monitoreringsrapporter")
    assert (lever.used_share, lever.top3_share) == (88, 67)


def test_staff_edit_a_reform_page_section_and_bad_links_are_refused(client_for, reform):
    url = reverse("reforms:page_section_update", args=[reform.slug, "laws"])
    bad = client_for("staff").post(url, {"body": "Loven", "links": "Retsinfo | ikke-en-url"})
    assert bad.status_code == 200
    assert "Linje 1" in bad.content.decode()
    good = client_for("staff").post(
        url,
        {"body": "Loven gælder fra 1. januar.", "links": "Retsinfo | https://retsinformation.dk/"},
    )
    assert good.status_code == 302
    html = client_for("jc751").get(reverse("reforms:page", args=[reform.slug])).content.decode()
    assert "Loven gælder fra 1. januar." in html and "https://retsinformation.dk/" in html
    assert client_for("jc751").post(url, {"body": "Hack"}).status_code == 403


def test_decided_escalation_cannot_be_edited(client_for, users, reform):
    escalation = services.escalation_raise(
        reform=reform, subject="S", proposal="P", by=users["staff"]
    )
    services.escalation_decide(
        escalation=escalation, status="approved", decision_text="OK", by=users["steering"]
    )
    response = client_for("staff").post(
        reverse("reforms:escalation_update", args=[escalation.pk]),
        {"subject": "Ændret", "proposal": "P"},
    )
    assert "En besluttet eskalering kan ikke ændres" in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.subject == "S"


def test_overview_lists_reforms_with_status_and_filters(client_for, reform):
    services.reform_create(name="Sygedagpenge", slug="sygedagpenge", complexity="simple")
    html = client_for("steering").get(reverse("reforms:list")).content.decode()
    assert "Flere skal med" in html and "Sygedagpenge" in html
    assert "Forberede implementering" in html and "Grøn: på sporet" in html
    filtered = client_for("steering").get(reverse("reforms:list") + "?complexity=simple")
    assert "Flere skal med" not in filtered.content.decode()
    empty = client_for("steering").get(reverse("reforms:list") + "?q=findesikke")
    assert "Ingen reformer matcher søgningen." in empty.content.decode()

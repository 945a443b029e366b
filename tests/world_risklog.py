"""Objects of the plan and the risk log for the URL matrix."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from .world import builder


def make_plan_and_risks(users=None, slug="risikolog-test"):
    """A reform with an implementation group and meeting, an initiative, a risk with an
    assessment and an action; returns a dict of them (used by tests and the URL matrix)."""
    from reforms.models import Group, Meeting, Office, Person, Reform
    from risklog import services
    from risklog.matrix import ensure_matrix

    ensure_matrix()
    reform = Reform.objects.filter(slug=slug).first() or Reform.objects.create(
        name=f"Reform {slug}", slug=slug
    )
    office, _ = Office.objects.get_or_create(
        code="impl-test", defaults={"name": "IMPL (test)", "kind": Office.Kind.IMPL}
    )
    staff = users["staff"] if users else None
    person, _ = Person.objects.get_or_create(
        email="owner@example.org", defaults={"name": "Olga Ejer", "office": office}
    )
    if staff is not None and person.user_id is None:
        person.user = staff
        person.save()
    group, _ = Group.objects.get_or_create(reform=reform, kind=Group.Kind.IMPLEMENTATION)
    now = timezone.now()
    meeting = Meeting.objects.create(group=group, starts_at=now + datetime.timedelta(days=3))
    today = timezone.localdate()
    initiative = services.initiative_create(
        reform=reform,
        by=staff,
        title="Startvejledning",
        responsible_office=office,
        responsible_person=person,
        start_date=today - datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=60),
    )
    risk = services.risk_create(reform=reform, by=staff, title="Lav prioritering", owner=person)
    services.risk_assess(
        risk=risk,
        by=staff,
        inherent_likelihood=4,
        inherent_impact=4,
        residual_likelihood=2,
        residual_impact=3,
    )
    action = services.action_create(
        risk=risk, by=staff, action="Dialogmøder", owner=person, due_date=today
    )
    return {
        "reform": reform,
        "office": office,
        "person": person,
        "group": group,
        "meeting": meeting,
        "initiative": initiative,
        "risk": risk,
        "action": action,
    }


@builder
def risklog_world(world):
    from risklog.models import MeetingPackPdf

    objs = make_plan_and_risks(world.users)
    for name, obj in objs.items():
        setattr(world, f"rl_{name}", obj)
    pdf = MeetingPackPdf.objects.create(meeting=objs["meeting"], status=MeetingPackPdf.Status.DONE)
    pdf.file.save("matrix-test.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    world.rl_pdf = pdf

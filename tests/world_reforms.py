"""World objects for the reforms app's URL-matrix rows."""

import datetime

from django.utils import timezone

from .world import builder


@builder
def reforms_world(world):
    from reforms import services
    from reforms.models import (
        ActionItem,
        CommunicationItem,
        Group,
        GroupMember,
        ImplementabilityItem,
        Lever,
        Meeting,
        Office,
        Person,
    )

    office = Office.objects.create(code="impl-test", name="IMPL (test)", kind=Office.Kind.IMPL)
    person = Person.objects.create(name="Test Person", email="test.person@star.dk", office=office)
    reform = services.reform_create(
        name="Matrixreform", slug="matrixreform", responsible_office=office
    )
    group = Group.objects.create(reform=reform, kind=Group.Kind.STEERING)
    member = GroupMember.objects.create(group=group, person=person, role="Formand")
    meeting = Meeting.objects.create(group=group, starts_at=timezone.now(), title="Møde")
    action = ActionItem.objects.create(meeting=meeting, text="Opfølgning", owner=person)
    escalation = services.escalation_raise(
        reform=reform, subject="Emne", proposal="Forslag", by=world.users["staff"]
    )
    communication = CommunicationItem.objects.create(
        reform=reform, message="Budskab", audience="Jobcentre", timing=datetime.date(2026, 1, 1)
    )
    implementability = ImplementabilityItem.objects.create(
        reform=reform, initiative="Initiativ", difficulty=3
    )
    lever = Lever.objects.create(reform=reform, type="monitoring", name="Monitorering")
    question = services.question_ask(
        reform=reform, subject="Spørgsmål", text="Tekst", by=world.users["jc751"]
    )
    world.reform = reform
    world.phase = reform.phases.get(kind="plan")
    world.checklist_item = world.phase.checklist.first()
    world.office = office
    world.person = person
    world.group = group
    world.member = member
    world.meeting = meeting
    world.action = action
    world.escalation = escalation
    world.communication = communication
    world.implementability = implementability
    world.lever = lever
    world.question = question
    from reforms.followups.services import followup_open
    from reforms.models import FollowUpComment

    world.followup = followup_open(
        reform=reform,
        municipality=question.municipality,
        title="Opfølgning",
        next_step="Dialogmøde",
        due=datetime.date(2030, 1, 1),
        owner_person=person,
        by=world.users["staff"],
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reforms.models import LegislativeMilestone
    from reforms.public import services as public_services

    public_services.publication_set(reform=reform, published=True, by=world.users["staff"])
    world.milestone = LegislativeMilestone.objects.create(
        reform=reform, kind="in_force", date=datetime.date(2026, 1, 1)
    )
    world.document = public_services.document_add(
        reform=reform,
        title="Startpakke",
        kind="start_package",
        date=datetime.date(2025, 12, 1),
        file=SimpleUploadedFile("startpakke.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=world.users["staff"],
    )
    world.followup_comment = FollowUpComment.objects.create(
        followup=world.followup, author=world.users["jc751"], text="Kommentar"
    )

"""Demo data of the plan and the risk log: initiatives with status updates, risks with
assessments and mitigation actions for every demo reform (idempotent)."""

import datetime

from django.utils import timezone

from accounts.models import User
from core.demo import demo_step
from core.levers import LeverType
from reforms.models import Group, Meeting, Office, Person, Reform

from . import services
from .matrix import ensure_matrix
from .models import Initiative, MitigationAction, RagStatus, Risk

INITIATIVES = [
    # title, lever, start offset (days), length (days), content, progress, percent, reason
    (
        "Juridisk startvejledning til jobcentrene",
        LeverType.GUIDANCE,
        -200,
        120,
        RagStatus.GREEN,
        RagStatus.GREEN,
        100,
        "",
    ),
    (
        "Månedlig monitorering og benchmarkrapport",
        LeverType.MONITORING,
        -150,
        400,
        RagStatus.GREEN,
        RagStatus.YELLOW,
        45,
        "Datagrundlaget fra jobindsats.dk kommer en måned senere end planlagt.",
    ),
    (
        "Temamøder og netværk for jobcentrene",
        LeverType.NETWORKS,
        -90,
        240,
        RagStatus.YELLOW,
        RagStatus.GREEN,
        30,
        "Program for andet netværksmøde er ikke afklaret med KL.",
    ),
    (
        "Kompetenceudvikling med supervision",
        LeverType.COMPETENCE,
        -60,
        50,
        RagStatus.GREEN,
        RagStatus.RED,
        20,
        "Udbuddet af supervisionsforløb er forsinket; slutdatoen er overskredet.",
    ),
]

RISKS = [
    # title, category, cause, consequence, (iL, iI, rL, rI), actions [(text, due offset, status)]
    (
        "Kommunerne prioriterer ikke den virksomhedsrettede indsats",
        Risk.Category.IMPLEMENTATION,
        "Mange samtidige reformer og pres på jobcentrenes ressourcer.",
        "Andelen i virksomhedsrettet tilbud stiger ikke som forventet.",
        (4, 4, 3, 3),
        [
            (
                "Dialogmøder med de 10 kommuner med lavest andel",
                -7,
                MitigationAction.Status.IN_PROGRESS,
            ),
            ("Best practice-katalog udsendes", 21, MitigationAction.Status.PLANNED),
        ],
    ),
    (
        "IT-understøttelsen er ikke klar ved lovens ikrafttræden",
        Risk.Category.IT,
        "Leverandørens tidsplan er stram.",
        "Sagsbehandlere må registrere manuelt; data mangler i opfølgningen.",
        (3, 5, 2, 4),
        [("Nødprocedure for manuel registrering", 5, MitigationAction.Status.PLANNED)],
    ),
    (
        "Tallene i benchmarkrapporten forstås ikke",
        Risk.Category.DATA,
        "Kommunerne kan ikke genskabe tallene med egne opgørelser.",
        "Lav tillid til monitoreringen og mindre brug af rapporten.",
        (3, 3, 2, 2),
        [("Forklaring af beregninger på hver side", -30, MitigationAction.Status.DONE)],
    ),
]


def _people():
    """A responsible office and person for the demo (the STAR demo user's person if any)."""
    office = Office.objects.filter(kind=Office.Kind.IMPL).first() or Office.objects.first()
    if office is None:
        office, _ = Office.objects.get_or_create(
            code="impl",
            defaults={"name": "Implementeringskontoret (IMPL)", "kind": Office.Kind.IMPL},
        )
    person = None
    star = User.objects.filter(username="star").first()
    if star is not None:
        person = Person.objects.filter(user=star).first()
        if person is None:
            person, _ = Person.objects.get_or_create(
                email=star.email or "star@demo.star.dk",
                defaults={"name": star.get_full_name() or star.username, "office": office},
            )
            if person.user_id is None:
                person.user = star
                person.save(update_fields=["user"])
    if person is None:
        person, _ = Person.objects.get_or_create(
            email="impl@demo.star.dk", defaults={"name": "IMPL-medarbejder", "office": office}
        )
    return office, person


@demo_step(order=30)
def seed_plan_and_risks(options):
    """Initiatives, status updates, risks, assessments and actions for the demo reforms."""
    ensure_matrix()
    reforms = list(Reform.objects.all())
    if not reforms:
        return None
    office, person = _people()
    today = timezone.localdate()
    now = timezone.now()
    created = 0
    for reform in reforms:
        indicators = list(reform.indicators.all()[:2]) if hasattr(reform, "indicators") else []
        by_title = {}
        for title, lever, start, length, content, progress, pct, reason in INITIATIVES:
            initiative = Initiative.objects.filter(reform=reform, title=title).first()
            if initiative is None:
                initiative = services.initiative_create(
                    reform=reform,
                    by=None,
                    title=title,
                    description=f"{title} ({reform.name}).",
                    responsible_office=office,
                    responsible_person=person,
                    lever_type=lever,
                    intention=(reform.intentions or "")[:300],
                    start_date=today + datetime.timedelta(days=start),
                    end_date=today + datetime.timedelta(days=start + length),
                    indicators=indicators,
                )
                services.initiative_report_status(
                    initiative=initiative,
                    by=None,
                    content_status=RagStatus.GREEN,
                    progress_status=RagStatus.GREEN,
                    percent_complete=max(0, pct - 20),
                    at=now - datetime.timedelta(days=40),
                )
                services.initiative_report_status(
                    initiative=initiative,
                    by=None,
                    content_status=content,
                    progress_status=progress,
                    percent_complete=pct,
                    text=reason,
                    at=now - datetime.timedelta(days=10),
                )
                created += 1
            by_title[title] = initiative
        first, second = by_title[INITIATIVES[0][0]], by_title[INITIATIVES[1][0]]
        second.depends_on.add(first)
        for title, category, cause, consequence, scores, actions in RISKS:
            if Risk.objects.filter(reform=reform, title=title).exists():
                continue
            risk = services.risk_create(
                reform=reform,
                by=None,
                title=title,
                category=category,
                cause=cause,
                consequence=consequence,
                owner=person,
                review_interval_days=30,
                indicators=indicators[:1],
                initiatives=[second],
            )
            il, ii, rl, ri = scores
            services.risk_assess(
                risk=risk,
                by=None,
                inherent_likelihood=min(5, il + 1),
                inherent_impact=ii,
                residual_likelihood=min(5, rl + 1),
                residual_impact=ri,
                note="Første vurdering i implementeringsgruppen.",
                at=now - datetime.timedelta(days=45),
            )
            services.risk_assess(
                risk=risk,
                by=None,
                inherent_likelihood=il,
                inherent_impact=ii,
                residual_likelihood=rl,
                residual_impact=ri,
                note="Revurderet efter iværksatte handlinger.",
                at=now - datetime.timedelta(days=35),
            )
            for text, due, status in actions:
                services.action_create(
                    risk=risk,
                    by=None,
                    action=text,
                    owner=person,
                    due_date=today + datetime.timedelta(days=due),
                    status=status,
                )
            created += 1
        group = Group.objects.filter(reform=reform, kind=Group.Kind.IMPLEMENTATION).first()
        if group is not None and not group.meetings.exists():
            for days in (-28, 4):
                Meeting.objects.create(
                    group=group,
                    starts_at=now.replace(hour=10, minute=0, second=0, microsecond=0)
                    + datetime.timedelta(days=days),
                    title="Møde i implementeringsgruppen",
                )
    return f"{created} initiativer og risici"

"""Demo data: STAR's organisation and two reforms ('Flere skal med', complex, in its initial
phase; a simple sickness-benefit reform, in its planning phase) with groups, meetings,
escalations, checklist progress, communication, levers and questions.

Idempotent: every row is found by a natural key and only created when missing, so running
`seed_demo` again changes nothing.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import AKasse, User
from core.demo import demo_step
from core.periods import add_months
from indicators.models import Indicator, Municipality

from .models import (
    ActionItem,
    ChecklistItem,
    CommunicationItem,
    Escalation,
    GrantAmount,
    GrantTranche,
    Group,
    GroupMember,
    ImplementabilityItem,
    Lever,
    Meeting,
    MunicipalityContact,
    Office,
    PageSection,
    Person,
    Phase,
    Question,
    Reform,
)
from .services import reform_create

OFFICES = [
    ("impl", "Implementeringskontoret (IMPL)", Office.Kind.IMPL),
    ("kontor-aktivitetsparate", "Kontoret for Aktivitetsparate og Integration", "reform_office"),
    ("kontor-sygedagpenge", "Kontoret for Sygedagpenge og Fleksjob", "reform_office"),
    ("amk-oest", "Arbejdsmarkedskontor Øst", Office.Kind.AMK),
    ("amk-midt-nord", "Arbejdsmarkedskontor Midt-Nord", Office.Kind.AMK),
    ("amk-syd", "Arbejdsmarkedskontor Syd", Office.Kind.AMK),
    ("dos", "Data og Statistik (DOS)", Office.Kind.DOS),
    ("voa", "Viden og Analyse (VOA)", Office.Kind.VOA),
    ("oer", "Økonomi og Ressourcer (ØR)", Office.Kind.OER),
    ("departementet", "Beskæftigelsesministeriets departement", Office.Kind.DEPARTMENT),
]

PEOPLE = [
    # name, e-mail, office code, demo username linked
    ("Søren Stabsmedarbejder", "star@demo.star.dk", "impl", "star"),
    ("Signe Styregruppe", "styregruppe@demo.star.dk", "departementet", "styregruppe"),
    ("Mette Lund", "mette.lund@demo.star.dk", "impl", None),
    ("Anders Holm", "anders.holm@demo.star.dk", "kontor-aktivitetsparate", None),
    ("Louise Krogh", "louise.krogh@demo.star.dk", "kontor-sygedagpenge", None),
    ("Peter Friis", "peter.friis@demo.star.dk", "amk-oest", None),
    ("Hanne Bech", "hanne.bech@demo.star.dk", "amk-midt-nord", None),
    ("Jonas Vestergaard", "jonas.vestergaard@demo.star.dk", "amk-syd", None),
    ("Camilla Dahl", "camilla.dahl@demo.star.dk", "dos", None),
    ("Rasmus Kjær", "rasmus.kjaer@demo.star.dk", "voa", None),
]


def _months(date, months):
    month = date.month - 1 + months
    year = date.year + month // 12
    return datetime.date(year, month % 12 + 1, 1)


def _organisation():
    offices = {}
    for code, name, kind in OFFICES:
        offices[code], _ = Office.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind}
        )
    people = {}
    for name, email, office, username in PEOPLE:
        person, created = Person.objects.get_or_create(
            email=email, defaults={"name": name, "office": offices[office]}
        )
        if created and username:
            person.user = User.objects.filter(username=username).first()
            person.save()
        people[email.split("@")[0]] = person
    return offices, people


def _reform(slug, **fields):
    reform = Reform.objects.filter(slug=slug).first()
    if reform is not None:
        return reform, False
    return reform_create(slug=slug, **fields), True


def _phases(reform, plan):
    """plan: {kind: (planned_start, planned_end, actual_start, actual_end, status)}"""
    for kind, (ps, pe, as_, ae, status) in plan.items():
        Phase.objects.filter(reform=reform, kind=kind).update(
            planned_start=ps, planned_end=pe, actual_start=as_, actual_end=ae, status=status
        )


def _tick(reform, kinds, except_codes=(), done_at=None):
    items = ChecklistItem.objects.filter(phase__reform=reform, phase__kind__in=kinds).exclude(
        code__in=except_codes
    )
    items.update(done=True, done_at=done_at)


def _group(reform, kind, office, members, name="", region=None):
    # Networks and forums may be several per reform: they are told apart by name.
    lookup = {"name": name} if kind in Group.NETWORKS else {}
    group, _ = Group.objects.get_or_create(
        reform=reform,
        kind=kind,
        **lookup,
        defaults={"responsible_office": office, "name": name, "region_id": region},
    )
    for who, role in members:
        if isinstance(who, Person):
            GroupMember.objects.get_or_create(group=group, person=who, defaults={"role": role})
        else:
            GroupMember.objects.get_or_create(
                group=group, municipality_id=who, defaults={"role": role}
            )
    return group


def _page(reform, texts):
    for kind, (body, links) in texts.items():
        PageSection.objects.filter(reform=reform, kind=kind, body="", links="").update(
            body=body, links=links
        )


def _flere_skal_med(offices, people, end):
    in_force = _months(end, -20)
    reform, created = _reform(
        "flere-skal-med",
        name="Flere skal med",
        short_description=(
            "Aktivitetsparate kontanthjælpsmodtagere skal tættere på arbejdsmarkedet gennem "
            "virksomhedsrettede forløb og ordinære timer."
        ),
        intentions=(
            "Flere aktivitetsparate kontanthjælpsmodtagere skal i job eller uddannelse.\n"
            "Alle i målgruppen skal visiteres og have en plan, og mindst 40 pct. skal have "
            "været i virksomhedsrettet aktivitet tre måneder i træk."
        ),
        law_reference="Aftale om 'Flere skal med' og pulje til kommunerne (FL § 17.46)",
        law_in_force=in_force,
        responsible_office=offices["kontor-aktivitetsparate"],
        impl_contact=people["mette.lund"],
        complexity=Reform.Complexity.COMPLEX,
        status=Reform.Status.ACTIVE,
    )
    if not created:
        return reform
    _phases(
        reform,
        {
            "prepare": (
                _months(in_force, -10),
                _months(in_force, -7),
                _months(in_force, -10),
                _months(in_force, -7),
                "done",
            ),
            "plan": (
                _months(in_force, -7),
                in_force,
                _months(in_force, -7),
                in_force,
                "done",
            ),
            "initial": (in_force, _months(end, 6), in_force, None, "in_progress"),
            "final": (_months(end, 6), _months(end, 36), None, None, "not_started"),
        },
    )
    _tick(reform, ["prepare", "plan"], done_at=_months(in_force, -1))
    _tick(
        reform,
        ["initial"],
        except_codes=["coordinate", "follow_risks", "monitor_it"],
        done_at=_months(end, -2),
    )
    ChecklistItem.objects.filter(phase__reform=reform, code="coordinate").update(
        due_date=_months(end, -1),
        responsible_office=offices["impl"],
        note="Koordinering med KL om ambassadørkorpset udestår.",
    )
    ChecklistItem.objects.filter(phase__reform=reform, code="benchmarking").update(
        responsible_office=offices["dos"],
        evidence_url="https://star.dk/indsatser-og-ordninger/flere-skal-med/",
        note="Månedlige monitoreringsrapporter til alle deltagende kommuner.",
    )

    steering = _group(
        reform,
        Group.Kind.STEERING,
        offices["kontor-aktivitetsparate"],
        [
            (people["styregruppe"], "Formand"),
            (people["anders.holm"], "Reformkontorets chef"),
            (people["peter.friis"], "AMK-direktør"),
            (people["mette.lund"], "IMPL"),
        ],
    )
    implementation = _group(
        reform,
        Group.Kind.IMPLEMENTATION,
        offices["impl"],
        [
            (people["mette.lund"], "Tovholder"),
            (people["star"], "Sekretær"),
            (people["anders.holm"], "Reformkontoret"),
            (people["hanne.bech"], "AMK Midt-Nord"),
            (people["jonas.vestergaard"], "AMK Syd"),
            (people["camilla.dahl"], "DOS"),
            (people["rasmus.kjaer"], "VOA"),
        ],
    )
    _group(
        reform,
        Group.Kind.NETWORK,
        offices["amk-midt-nord"],
        [
            (751, "Deltagerkommune"),
            (101, "Deltagerkommune"),
            (461, "Deltagerkommune"),
            (851, "Deltagerkommune"),
        ],
        name="Kommunenetværk for Flere skal med",
    )

    now = timezone.now()
    past = Meeting.objects.create(
        group=implementation,
        starts_at=now - datetime.timedelta(days=28),
        title="Implementeringsgruppemøde: status på virksomhedsplaceringer",
        location="STAR, Njalsgade 72C",
        agenda="1. Status fra de ansvarlige kontorer\n2. Monitoreringsrapport\n3. Risikolog",
        minutes=(
            "Fremdriften i virksomhedsplaceringer er bag planen i 14 kommuner. "
            "Kommunerne efterspørger mere tidsnære opgørelser."
        ),
        decisions="Sagen om manglende fremdrift eskaleres til styregruppen.",
    )
    ActionItem.objects.create(
        meeting=past,
        text="Udarbejde notat om kommuner bag milepælen for virksomhedsplaceringer",
        owner=people["camilla.dahl"],
        due_date=timezone.localdate() - datetime.timedelta(days=7),
    )
    ActionItem.objects.create(
        meeting=past,
        text="Opdatere risikologgen efter mødet",
        owner=people["star"],
        due_date=timezone.localdate() - datetime.timedelta(days=14),
        status=ActionItem.Status.DONE,
    )
    Meeting.objects.create(
        group=implementation,
        starts_at=now + datetime.timedelta(days=14),
        title="Implementeringsgruppemøde",
        location="Microsoft Teams",
        agenda="1. Status fra de ansvarlige kontorer\n2. Opfølgning på eskalering",
    )
    Meeting.objects.create(
        group=steering,
        starts_at=now + datetime.timedelta(days=30),
        title="Styregruppemøde",
        location="Beskæftigelsesministeriet",
        agenda="1. Status på sigtelinjer og indikatorer\n2. Beslutning om ekstra processtøtte",
    )

    proposer = people["star"].user
    decider = people["styregruppe"].user
    Escalation.objects.create(
        reform=reform,
        subject="Ekstra processtøtte til kommuner bag milepælen",
        cause="14 kommuner ligger under 25 pct. i virksomhedsrettet aktivitet efter 12 måneder.",
        proposal="AMK tilbyder målrettet processtøtte og et ekstra netværksmøde i kvartalet.",
        proposed_by=proposer,
        raised_notified_at=now,
    )
    Escalation.objects.create(
        reform=reform,
        subject="Forlænget frist for visitation af hele målgruppen",
        cause="Store kommuner har ikke nået at visitere hele målgruppen.",
        proposal="Fristen for anden tranche forlænges med tre måneder.",
        proposed_by=proposer,
        status=Escalation.Status.CHANGED,
        decision_text="Godkendt med en forlængelse på to måneder i stedet for tre.",
        decided_at=_months(end, -3),
        decided_by=decider,
        raised_notified_at=now,
        decided_notified_at=now,
    )

    for timing, message, audience, purpose, channel, status in [
        (
            _months(in_force, -2),
            "Invitation til at søge puljen",
            "Jobcenterchefer",
            "Kendskab til puljen og betingelserne",
            "letter",
            "done",
        ),
        (
            _months(in_force, -1),
            "Opstartsworkshops om indsatsmodellen",
            "Ledere og projektledere",
            "Forståelse af indsatsmodellen og milepælene",
            "conference",
            "done",
        ),
        (
            _months(end, 0),
            "Månedlig monitoreringsrapport",
            "Jobcenterchefer og projektledere",
            "Løbende opfølgning på fremdrift mod milepælene",
            "newsletter",
            "in_progress",
        ),
        (
            _months(end, 2),
            "Temadag om ordinære timer",
            "Sagsbehandlere og virksomhedskonsulenter",
            "Inspiration til at arbejde med ordinære timer",
            "network_meeting",
            "planned",
        ),
    ]:
        CommunicationItem.objects.create(
            reform=reform,
            timing=timing,
            message=message,
            audience=audience,
            purpose=purpose,
            channel=channel,
            status=status,
            responsible=people["mette.lund"],
        )

    workshop = _months(in_force, -8)
    for initiative, difficulty, reasons, codes in [
        (
            "Visitation af hele målgruppen",
            3,
            "Store målgrupper i nogle kommuner; kræver ny visitationsguide.",
            [751, 101, 461],
        ),
        (
            "Virksomhedsplacering med ordinære timer",
            5,
            "Kræver nye samarbejder med virksomheder og tæt opfølgning på den enkelte borger.",
            [751, 101, 461, 851],
        ),
        ("Lavere sagsstammer", 4, "Afhænger af kommunens ressourcer og rekruttering.", [101, 851]),
        ("Månedlig ledelsesopfølgning", 2, "Bygger på STARs monitoreringsrapporter.", [751]),
    ]:
        item = ImplementabilityItem.objects.create(
            reform=reform,
            initiative=initiative,
            difficulty=difficulty,
            reasons=reasons,
            workshop_date=workshop,
        )
        item.municipalities.set(codes)

    source = (
        "Rambøll Management Consulting, Mploy og Lars Skipper (2020): Evaluering af 'Flere "
        "skal med', bilagsrapport 3: Implementeringsgreb"
    )
    for name, type_, phase, target, used, top3, evidence in [
        (
            "Månedlige monitoreringsrapporter",
            "monitoring",
            "initial",
            "Ledere og projektledere",
            Decimal("88"),
            Decimal("67"),
            "88 pct. af lederne/projektlederne har anvendt de månedlige statusrapporter, "
            "og 67 pct. vurderer monitoreringen blandt de tre væsentligste greb. Barriere: "
            "kommunerne brugte tid på at forstå opgørelserne.",
        ),
        (
            "Lokale opstartsworkshops",
            "goals",
            "plan",
            "Ledere og medarbejdere",
            Decimal("75"),
            None,
            "Anvendt af ca. 75 pct. af kommunerne; 44 pct. vurderer dem væsentlige for at "
            "nå i mål.",
        ),
        (
            "Startpakke med visitations- og samtaleguide",
            "standardisation",
            "initial",
            "Sagsbehandlere",
            Decimal("60"),
            None,
            "60 pct. af lederne har anvendt startpakken; ca. 90 pct. af brugerne vurderer, at den "
            "har bidraget til implementeringen.",
        ),
        (
            "Kompetenceudviklingsforløb for medarbejdere og ledere",
            "competence",
            "initial",
            "Medarbejdere og ledere",
            Decimal("76"),
            None,
            "76 pct. af lederne har anvendt forløbene; nogle kommuner fandt dem for sene.",
        ),
        (
            "Netværksaktiviteter og ambassadørkorps",
            "networks",
            "initial",
            "Projektledere",
            None,
            None,
            "Kommunerne fremhæver udbyttet af at udveksle erfaringer med andre kommuner.",
        ),
    ]:
        Lever.objects.create(
            reform=reform,
            name=name,
            type=type_,
            phase=phase,
            target_group=target,
            used_share=used,
            top3_share=top3,
            evidence=evidence,
            source=source,
        )

    today = timezone.localdate()
    jc751 = _user("jc751")
    jc101 = _user("jc101")
    Question.objects.create(
        reform=reform,
        municipality_id=751,
        asked_by=jc751,
        subject="Tæller ordinære timer med i virksomhedsrettet aktivitet?",
        text="Skal borgere med ordinære timer medregnes i milepælen for virksomhedsrettet "
        "aktivitet tre måneder i træk?",
        deadline=today - datetime.timedelta(days=40),
        status=Question.Status.ANSWERED,
        answer="Ja. Ordinære timer tæller med som virksomhedsrettet aktivitet i opgørelsen.",
        answered_by=proposer,
        answered_at=today - datetime.timedelta(days=45),
        published=True,
    )
    Question.objects.create(
        reform=reform,
        municipality_id=101,
        asked_by=jc101,
        subject="Hvorfor afviger monitoreringsrapporten fra vores egne tal?",
        text="Vores egen opgørelse viser 38 pct. i virksomhedsrettet aktivitet, rapporten 33 pct.",
        deadline=today - datetime.timedelta(days=3),
    )
    _page(
        reform,
        {
            "front": (
                "Seneste nyt: Slutevalueringen af 'Flere skal med' er offentliggjort.",
                "Aftale om Flere skal med | https://bm.dk/",
            ),
            "knowledge": (
                "Evalueringen viser, at monitoreringsrapporter og netværksaktiviteter er de "
                "centrale greb, kommunerne har haft mest udbytte af.",
                "Evaluering af 'Flere skal med' | https://star.dk/",
            ),
            "laws": (
                "Puljen administreres efter bekendtgørelsen om puljen.",
                "Retsinformation | https://www.retsinformation.dk/",
            ),
            "it": (
                "Monitoreringen bygger på data fra jobindsats.dk.",
                "Jobindsats.dk | https://www.jobindsats.dk/",
            ),
        },
    )
    return reform


def _sygedagpenge(offices, people, end):
    in_force = timezone.localdate() + datetime.timedelta(days=25)
    reform, created = _reform(
        "sygedagpenge-afbureaukratisering",
        name="Afbureaukratisering af sygedagpengereglerne",
        short_description="Færre proceskrav i sygedagpengeopfølgningen og mere tid til "
        "den enkelte sygemeldte.",
        intentions="Reglerne om sygedagpenge skal afbureaukratiseres, så jobcentrene kan bruge "
        "tiden på de sygemeldte, der har mest brug for en indsats.",
        law_reference="Lov om ændring af lov om sygedagpenge (afbureaukratisering)",
        law_in_force=in_force,
        responsible_office=offices["kontor-sygedagpenge"],
        impl_contact=people["mette.lund"],
        complexity=Reform.Complexity.SIMPLE,
        status=Reform.Status.ACTIVE,
    )
    if not created:
        return reform
    _phases(
        reform,
        {
            "prepare": (
                _months(end, -4),
                _months(end, -2),
                _months(end, -4),
                _months(end, -2),
                "done",
            ),
            "plan": (_months(end, -2), in_force, _months(end, -2), None, "in_progress"),
            "initial": (in_force, _months(in_force, 12), None, None, "not_started"),
            "final": (_months(in_force, 12), _months(in_force, 36), None, None, "not_started"),
        },
    )
    _tick(reform, ["prepare"], done_at=_months(end, -2))
    _tick(
        reform,
        ["plan"],
        except_codes=[
            "legal_start_guide",
            "reform_page",
            "fix_indicators",
            "it_implementation",
            "followup_plan",
        ],
        done_at=_months(end, 0),
    )
    ChecklistItem.objects.filter(phase__reform=reform, code="legal_start_guide").update(
        due_date=in_force - datetime.timedelta(days=7),
        responsible_office=offices["kontor-sygedagpenge"],
        responsible_person=people["louise.krogh"],
        note="Udkast i høring hos KL.",
    )
    _group(
        reform,
        Group.Kind.STEERING,
        offices["kontor-sygedagpenge"],
        [(people["styregruppe"], "Formand"), (people["louise.krogh"], "Reformkontoret")],
    )
    _group(
        reform,
        Group.Kind.COMMUNICATION,
        offices["impl"],
        [(people["mette.lund"], "Tovholder"), (people["louise.krogh"], "Fagkontor")],
    )
    for timing, message, audience, purpose, channel, status in [
        (
            in_force - datetime.timedelta(days=14),
            "Nyhedsbrev om de nye regler",
            "Sagsbehandlere i sygedagpengeopfølgningen",
            "Kendskab til den nye lov",
            "newsletter",
            "planned",
        ),
        (
            in_force - datetime.timedelta(days=7),
            "Juridisk startvejledning på reformsiden",
            "Jobcentre",
            "Korrekt anvendelse af reglerne fra dag ét",
            "web",
            "in_progress",
        ),
        (
            in_force + datetime.timedelta(days=30),
            "Pjece til sygemeldte",
            "Borgere",
            "Forståelse af færre møder og krav",
            "leaflet",
            "planned",
        ),
    ]:
        CommunicationItem.objects.create(
            reform=reform,
            timing=timing,
            message=message,
            audience=audience,
            purpose=purpose,
            channel=channel,
            status=status,
            responsible=people["louise.krogh"],
        )
    Lever.objects.create(
        reform=reform,
        name="Juridisk startvejledning",
        type="guidance",
        phase="plan",
        target_group="Jobcentrenes sygedagpengeteams",
        evidence="Guiden: en juridisk startvejledning skal være klar, før loven træder i kraft.",
        source="STAR Implementeringsguide 3.1 (2016)",
    )
    Question.objects.create(
        reform=reform,
        municipality_id=751,
        asked_by=_user("jc751"),
        subject="Gælder de nye regler for igangværende forløb?",
        text="Skal vi følge de nye regler for sygemeldte, hvis forløb er startet før "
        "ikrafttrædelsen?",
        deadline=timezone.localdate() + datetime.timedelta(days=10),
    )
    return reform


def _user(username):
    return User.objects.filter(username=username).first()


@demo_step(order=20)
def seed_reforms(options):
    """STAR's organisation and the two demo reforms (created once, never changed)."""
    offices, people = _organisation()
    _flere_skal_med(offices, people, options.end)
    _sygedagpenge(offices, people, options.end)
    return f"{Reform.objects.count()} reformer, {Office.objects.count()} kontorer"


#: Region code -> the AMK consultant who is STAR's contact for the region's municipalities.
CONTACT_BY_REGION = {
    1081: "hanne.bech",  # Nordjylland: AMK Midt-Nord
    1082: "hanne.bech",  # Midtjylland: AMK Midt-Nord
    1083: "jonas.vestergaard",  # Syddanmark: AMK Syd
    1084: "peter.friis",  # Hovedstaden: AMK Øst
    1085: "peter.friis",  # Sjælland: AMK Øst
}


@demo_step(order=21)
def seed_contacts(options):
    """Every municipality's STAR contact: the AMK consultant of its region (created once)."""
    people = {p.email.split("@")[0]: p for p in Person.objects.all()}
    have = set(MunicipalityContact.objects.values_list("municipality_id", flat=True))
    new = [
        MunicipalityContact(municipality=m, person=people[CONTACT_BY_REGION[m.region_id]])
        for m in Municipality.objects.exclude(code__in=have)
        if CONTACT_BY_REGION.get(m.region_id) in people
    ]
    MunicipalityContact.objects.bulk_create(new)
    return f"{len(new)} STAR-kontakter for kommuner"


def _pdf(title, lines):
    """A small one-page PDF (Helvetica, Latin-1 text) for the demo's document library."""

    def escape(line):
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    rows = [(18, title)] + [(11, line) for line in lines]
    text = " ".join(
        f"BT /F1 {size} Tf 72 {760 - 28 * i} Td ({escape(line)}) Tj ET"
        for i, (size, line) in enumerate(rows)
    ).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@demo_step(order=25)
def seed_public_page(options):
    """Flere skal med's public reformside: the legislation step by step (which sets the phases'
    planned dates), the start package and a tool in the document library, an internal status
    paper kept off the public page, and the page published."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .models import Document, LegislativeMilestone
    from .public import services as public_services

    reform = Reform.objects.filter(slug="flere-skal-med").first()
    if reform is None or LegislativeMilestone.objects.filter(reform=reform).exists():
        return None
    star = _user("star")
    in_force = reform.law_in_force or _months(options.end, -20)
    steps = [
        ("agreement", _months(in_force, -7), "Aftale om 'Flere skal med' mellem regeringen og KL"),
        ("consultation", _months(in_force, -6), "Udkast til bekendtgørelse i høring i fire uger"),
        ("bill", _months(in_force, -5), "Puljen udmøntet på finansloven"),
        ("adoption", _months(in_force, -3), "Finansloven vedtaget"),
        ("in_force", in_force, "Kommunerne kan søge puljen og starte forløbene"),
    ]
    for kind, date, note in steps:
        public_services.milestone_save(
            milestone=LegislativeMilestone(reform=reform, kind=kind, date=date, note=note), by=star
        )
    documents = [
        (
            "Startpakke til jobcentrene",
            Document.Kind.START_PACKAGE,
            ["Hvem er i målgruppen, og hvordan visiteres de?", "Tjekliste til de første 90 dage."],
            True,
        ),
        (
            "Værktøj: plan for virksomhedsrettede forløb",
            Document.Kind.TOOL,
            ["Skabelon til borgerens plan med virksomhedsrettede aktiviteter."],
            True,
        ),
        (
            "Statuspapir til styregruppen (internt)",
            Document.Kind.STATUS_PAPER,
            ["Fremdrift, risici og forslag til styregruppen."],
            False,
        ),
    ]
    for index, (title, kind, lines, public) in enumerate(documents):
        name = f"{slugify_ascii(title)}.pdf"
        public_services.document_add(
            reform=reform,
            title=title,
            kind=kind,
            date=_months(in_force, -1 + index),
            file=SimpleUploadedFile(name, _pdf(title, lines), content_type="application/pdf"),
            public=public,
            by=star,
        )
    public_services.publication_set(reform=reform, published=True, by=star)
    return f"offentlig reformside for {reform.name}"


def slugify_ascii(text):
    from django.utils.text import slugify

    return slugify(text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))


@demo_step(order=26)
def seed_networks(options):
    """Flere skal med's networks and forums besides its kommunenetværk: a kommunenetværk for
    Region Hovedstaden, AMK Øst's team-leader network, Implementeringsforum and BER, and a
    network meeting with its decision and an action item (created once)."""
    reform = Reform.objects.filter(slug="flere-skal-med").first()
    if reform is None or reform.groups.filter(kind=Group.Kind.TEAM_LEADERS).exists():
        return None
    offices = {o.code: o for o in Office.objects.all()}
    people = {p.email.split("@")[0]: p for p in Person.objects.all()}
    hovedstaden = _group(
        reform,
        Group.Kind.NETWORK,
        offices.get("amk-oest"),
        [(101, "Deltagerkommune"), (147, "Deltagerkommune"), (157, "Deltagerkommune")],
        name="Kommunenetværk Hovedstaden",
        region=1084,
    )
    _group(
        reform,
        Group.Kind.TEAM_LEADERS,
        offices.get("amk-oest"),
        [(people["peter.friis"], "Tovholder"), (101, "Teamledere"), (147, "Teamledere")],
        name="AMK Øst: teamledernetværk for aktivitetsparate",
    )
    _group(
        reform,
        Group.Kind.FORUM,
        offices.get("impl"),
        [(people["mette.lund"], "STAR, IMPL"), (people["anders.holm"], "STAR, reformkontoret")],
        name="Implementeringsforum (Beskæftigelsesministeriet, STAR, Finansministeriet, KL)",
    )
    _group(
        reform,
        Group.Kind.BER,
        offices.get("departementet"),
        [(people["styregruppe"], "Sekretariat")],
        name="Beskæftigelsesrådet (BER)",
    )
    meeting = Meeting.objects.create(
        group=hovedstaden,
        starts_at=timezone.now() - datetime.timedelta(days=14),
        title="Netværksmøde: virksomhedsrettede forløb for aktivitetsparate",
        location="Jobcenter København",
        agenda="1. Erfaringer med ordinære timer\n2. Startpakken\n3. Næste møde",
        decisions="Kommunerne deler deres visitationsguides; AMK Øst samler eksempler.",
    )
    ActionItem.objects.create(
        meeting=meeting,
        text="Saml eksempler på virksomhedsrettede forløb fra tre kommuner",
        owner=people["peter.friis"],
        due_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    return "4 netværk og fora"


#: Flere skal med's grant (seed 002): 30 % at the start, 40 % when the 40 %-for-3-months
#: milestone of virk_andel is reached (by three months before the demo end), 30 % later.
DEMO_TRANCHES = [
    ("Rate 1: ved start", 30.0, -20, None),
    ("Rate 2: 40 % i virksomhedsrettet aktivering i 3 måneder", 40.0, -3, "virk_andel"),
    ("Rate 3: afsluttende", 30.0, 6, None),
]
#: Demo grant per inhabitant (kr.).
DEMO_GRANT_PER_INHABITANT = 25


@demo_step(order=46)
def seed_grant_tranches(options):
    """Flere skal med's three tranches and a grant per municipality (only where missing)."""
    reform = Reform.objects.filter(slug="flere-skal-med").first()
    if reform is None:
        return "ingen tilskud (reformen findes ikke)"
    made = 0
    for name, share, offset, condition in DEMO_TRANCHES:
        _tranche, created = GrantTranche.objects.get_or_create(
            reform=reform,
            name=name,
            defaults={
                "share": share,
                "due": add_months(options.end, offset),
                "condition": Indicator.objects.filter(code=condition).first()
                if condition
                else None,
            },
        )
        made += created
    have = set(GrantAmount.objects.filter(reform=reform).values_list("municipality_id", flat=True))
    amounts = [
        GrantAmount(
            reform=reform,
            municipality_id=code,
            amount=Decimal((population or 50000) * DEMO_GRANT_PER_INHABITANT),
        )
        for code, population in Municipality.objects.values_list("code", "population")
        if code not in have
    ]
    GrantAmount.objects.bulk_create(amounts)
    return f"{made} tilskudsrater, {len(amounts)} tilskudsbeløb"


@demo_step(order=27)
def seed_akasse_members(options):
    """The demo a-kasser as members of Flere skal med's BER and Implementeringsforum (the
    guide names the a-kasser among those who implement; idempotent)."""
    reform = Reform.objects.filter(slug="flere-skal-med").first()
    akasser = list(AKasse.objects.filter(code__startswith="a-kasse-").order_by("code"))
    if reform is None or not akasser:
        return None
    added = 0
    for kind, role in [
        (Group.Kind.BER, "A-kassernes repræsentant"),
        (Group.Kind.FORUM, "Deltagende a-kasse"),
    ]:
        group = reform.groups.filter(kind=kind).order_by("pk").first()
        if group is None:
            continue
        members = akasser[:1] if kind == Group.Kind.BER else akasser
        for akasse in members:
            _member, created = GroupMember.objects.get_or_create(
                group=group, akasse=akasse, defaults={"role": role}
            )
            added += created
    return f"{added} a-kassemedlemmer af BER og Implementeringsforum" if added else None


@demo_step(order=28)
def seed_akasse_questions(options):
    """Two questions from A-kasse Nord about Flere skal med, one answered within the service
    level and one open, so that an a-kasse user sees both kinds (created once)."""
    reform = Reform.objects.filter(slug="flere-skal-med").first()
    user = User.objects.filter(username="akasse1", akasse__isnull=False).first()
    if reform is None or user is None or Question.objects.filter(akasse=user.akasse).exists():
        return None
    today = timezone.localdate()
    Question.objects.create(
        reform=reform,
        akasse=user.akasse,
        asked_by=user,
        subject="Skal a-kassen henvise aktivitetsparate ledige til jobcentret?",
        text="Når et medlem overgår fra dagpenge til kontanthjælp: hvem sørger for, at "
        "jobcentret får oplysningerne om medlemmets forløb?",
        deadline=today - datetime.timedelta(days=6),
        status=Question.Status.ANSWERED,
        answer="Jobcentret henter oplysningerne i det fælles datagrundlag; a-kassen skal ikke "
        "sende dem særskilt.",
        answered_by=_user("star"),
        answered_at=today - datetime.timedelta(days=10),
    )
    Question.objects.create(
        reform=reform,
        akasse=user.akasse,
        asked_by=user,
        subject="Hvornår kommer startpakken til a-kasserne?",
        text="Vi vil gerne forberede vores medarbejdere før netværksmødet.",
        deadline=today + datetime.timedelta(days=9),
    )
    return "2 spørgsmål fra en a-kasse"

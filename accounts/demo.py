"""Demo users of CONTRACT.md §4."""

from core.demo import demo_step

from .models import AKasse, Role, User

#: Three demo a-kasser (code, name), one user each (akasse1..akasse3).
DEMO_AKASSER = [
    ("a-kasse-nord", "A-kasse Nord (demo)"),
    ("a-kasse-midt", "A-kasse Midt (demo)"),
    ("a-kasse-syd", "A-kasse Syd (demo)"),
]

DEMO_USERS = [
    # username, role, municipality, first name, last name
    ("admin", Role.ADMIN, None, "Anne", "Administrator"),
    ("star", Role.STAFF, None, "Søren", "Stabsmedarbejder"),
    ("styregruppe", Role.STEERING, None, "Signe", "Styregruppe"),
    ("jc751", Role.JOBCENTRE, 751, "Jens", "Jobcenterchef Aarhus"),
    ("jc101", Role.JOBCENTRE, 101, "Karen", "Jobcenterchef København"),
    ("akasse1", Role.AKASSE, None, "Anders", "A-kasse Nord"),
    ("akasse2", Role.AKASSE, None, "Maja", "A-kasse Midt"),
    ("akasse3", Role.AKASSE, None, "Lone", "A-kasse Syd"),
]


@demo_step(order=10)
def seed_users(options):
    """Create or reset the demo a-kasser and the demo users with DEMO_PASSWORD."""
    akasser = []
    for code, name in DEMO_AKASSER:
        akasse, _ = AKasse.objects.update_or_create(
            code=code, defaults={"name": name, "email": f"kommunikation@{code}.demo.dk"}
        )
        akasser.append(akasse)
    for username, role, municipality, first, last in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.role = role
        user.municipality_id = municipality
        user.akasse = akasser[int(username[-1]) - 1] if role == Role.AKASSE else None
        user.first_name, user.last_name = first, last
        user.email = f"{username}@demo.star.dk"
        user.is_active = True
        user.is_staff = role == Role.ADMIN  # Django admin for administrators only
        user.is_superuser = False
        user.set_password(options.password)
        user.save()
    return f"{len(DEMO_USERS)} demobrugere"

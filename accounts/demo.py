"""Demo users of CONTRACT.md §4."""

from core.demo import demo_step

from .models import Role, User

DEMO_USERS = [
    # username, role, municipality, first name, last name
    ("admin", Role.ADMIN, None, "Anne", "Administrator"),
    ("star", Role.STAFF, None, "Søren", "Stabsmedarbejder"),
    ("styregruppe", Role.STEERING, None, "Signe", "Styregruppe"),
    ("jc751", Role.JOBCENTRE, 751, "Jens", "Jobcenterchef Aarhus"),
    ("jc101", Role.JOBCENTRE, 101, "Karen", "Jobcenterchef København"),
]


@demo_step(order=10)
def seed_users(options):
    """Create or reset the five demo users with DEMO_PASSWORD."""
    for username, role, municipality, first, last in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.role = role
        user.municipality_id = municipality
        user.first_name, user.last_name = first, last
        user.email = f"{username}@demo.star.dk"
        user.is_active = True
        user.is_staff = role == Role.ADMIN  # Django admin for administrators only
        user.is_superuser = False
        user.set_password(options.password)
        user.save()
    return f"{len(DEMO_USERS)} demobrugere"

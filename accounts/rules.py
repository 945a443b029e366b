"""Role predicates (django-rules) shared by every app's model permissions."""

import rules

from core.access import municipalities_of


@rules.predicate
def is_star_admin(user):
    return bool(getattr(user, "is_star_admin", False))


@rules.predicate
def is_star_staff(user):
    return bool(getattr(user, "is_star_staff", False))


@rules.predicate
def is_steering(user):
    return bool(getattr(user, "is_steering", False))


@rules.predicate
def is_star_reader(user):
    return bool(getattr(user, "is_star_reader", False))


@rules.predicate
def is_jobcentre(user):
    return bool(getattr(user, "is_jobcentre", False))


@rules.predicate
def is_akasse(user):
    return bool(getattr(user, "is_akasse", False))


@rules.predicate
def in_own_akasse(user, obj):
    """True when obj belongs to the user's a-kasse; list-level checks (no obj) pass (lists are
    narrowed by core.access.visible_to)."""
    if obj is None:
        return True
    from core.access import akasse_of

    return akasse_of(obj) is not None and akasse_of(obj) == getattr(user, "akasse_id", None)


@rules.predicate
def in_own_municipality(user, obj):
    """True when obj belongs to the user's municipality; list-level checks (no obj) pass.

    Lists are narrowed separately by core.access.visible_to, so a job-centre manager never
    sees another municipality's rows and gets 404 for their objects.
    """
    if obj is None:
        return True
    return getattr(user, "municipality_id", None) in municipalities_of(obj)


is_authenticated = rules.is_authenticated
#: A municipal object: STAR readers see all; a job-centre manager sees his own.
can_read_municipal = is_star_reader | (is_jobcentre & in_own_municipality)
#: An object of a municipality or an a-kasse (questions): each sees his own organisation's.
can_read_organisational = can_read_municipal | (is_akasse & in_own_akasse)
#: A municipal object a job-centre manager may edit for his own municipality (targets, questions).
can_edit_municipal = is_star_staff | (is_jobcentre & in_own_municipality)

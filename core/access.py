"""One mechanism that scopes every queryset to what the user may see.

Models declare how they relate to a municipality with a class attribute
``municipality_field``: a lookup path to the municipality's code (``"municipality"``,
``"question__municipality"``), or ``None`` (the default) for objects that belong to no
municipality. Permissions themselves are django-rules predicates in each model's
``Meta.rules_permissions`` (see accounts/rules.py).

A job-centre manager's querysets are narrowed to his own municipality, so any object of another
municipality answers 404 before a permission check could answer 403; objects that belong to no
municipality are left to the permission check (403).
"""

from functools import reduce


def municipality_field(model):
    """The lookup path from model to the municipality code, or None."""
    return getattr(model, "municipality_field", None)


def municipality_of(obj):
    """The municipality code obj belongs to, or None for a non-municipal object."""
    path = municipality_field(type(obj))
    if path is None:
        return None
    *hops, last = path.split("__")
    target = reduce(lambda o, attr: getattr(o, attr, None) if o is not None else None, hops, obj)
    if target is None:
        return None
    field = type(target)._meta.get_field(last)
    return getattr(target, field.attname)


def visible_to(queryset, user):
    """Narrow queryset to the rows user may see (all for STAR roles, own municipality for a
    job-centre manager, nothing for anonymous)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if getattr(user, "is_jobcentre", False):
        path = municipality_field(queryset.model)
        if path is not None:
            return queryset.filter(**{path: user.municipality_id})
    return queryset

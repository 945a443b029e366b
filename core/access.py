"""One mechanism that scopes every queryset to what the user may see.

Models declare how they relate to a municipality with a class attribute
``municipality_field``: a lookup path to the municipality's code (``"municipality"``,
``"question__municipality"``), or ``None`` (the default) for objects that belong to no
municipality. A model whose rows may belong to no municipality and should then be treated as
non-municipal objects (users: STAR staff have none) sets ``municipality_optional = True``.
Permissions themselves are django-rules predicates in each model's
``Meta.rules_permissions`` (see accounts/rules.py).

A job-centre manager's querysets are narrowed to his own municipality, so any object of another
municipality answers 404 before a permission check could answer 403; objects that belong to no
municipality are left to the permission check (403).
"""

from django.db.models import Q


def municipality_field(model):
    """The lookup path from model to the municipality code, or None."""
    return getattr(model, "municipality_field", None)


def municipalities_of(obj):
    """The municipality codes obj belongs to (a set; empty for a non-municipal object).

    A path may cross a many-to-many relation (an evaluation site spans several
    municipalities: ``"site__municipalities"``)."""
    path = municipality_field(type(obj))
    if path is None:
        return set()
    targets = [obj]
    hops = path.split("__")
    for i, hop in enumerate(hops):
        found = []
        for target in targets:
            field = type(target)._meta.get_field(hop)
            if i == len(hops) - 1 and field.concrete and not field.many_to_many:
                found.append(getattr(target, field.attname))  # the code, without a query
            elif field.many_to_many or field.one_to_many:
                found.extend(getattr(target, hop).all())
            elif field.is_relation:
                related = getattr(target, hop, None)
                if related is not None:
                    found.append(related)
            else:
                found.append(getattr(target, field.attname))
        targets = found
    return {t.pk if hasattr(t, "_meta") else t for t in targets if t is not None}


def municipality_of(obj):
    """The municipality code obj belongs to, or None for a non-municipal object (or one that
    spans several municipalities: see municipalities_of)."""
    codes = municipalities_of(obj)
    return next(iter(codes)) if len(codes) == 1 else None


def visible_to(queryset, user):
    """Narrow queryset to the rows user may see (all for STAR roles, own municipality for a
    job-centre manager, nothing for anonymous)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if getattr(user, "is_jobcentre", False):
        path = municipality_field(queryset.model)
        if path is not None:
            own = Q(**{path: user.municipality_id})
            if getattr(queryset.model, "municipality_optional", False):
                # Rows of no municipality are not another municipality's: the permission
                # check answers for them (403), as for any non-municipal object.
                own |= Q(**{f"{path}__isnull": True})
            return queryset.filter(own)
    return queryset

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
municipality are left to the permission check (403). An a-kasse's users are narrowed the same
way by ``akasse_field`` (their own fund's questions), and see no municipal object at all (404).
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


def akasse_field(model):
    """The lookup path from model to its a-kasse (``"akasse"``), or None."""
    return getattr(model, "akasse_field", None)


def akasse_of(obj):
    """The id of the a-kasse obj belongs to, or None."""
    path = akasse_field(type(obj))
    if path is None:
        return None
    if path == "pk":
        return obj.pk
    return getattr(obj, type(obj)._meta.get_field(path).attname)


def _own_rows(model, user):
    """A Q of the rows of the user's own organisation (municipality or a-kasse), or None when
    the user's rows are not narrowed by organisation (STAR roles, non-organisation models)."""
    mpath, apath = municipality_field(model), akasse_field(model)
    if getattr(user, "is_jobcentre", False) and mpath is not None:
        own = Q(**{mpath: user.municipality_id})
    elif getattr(user, "is_akasse", False) and apath is not None:
        own = Q(**{apath: user.akasse_id})
    elif getattr(user, "is_akasse", False) and mpath is not None:
        return Q(pk__in=[])  # an a-kasse sees no municipality's objects
    else:
        return None
    if getattr(model, "municipality_optional", False):
        # Rows of no organisation are not another organisation's: the permission check
        # answers for them (403), as for any non-municipal object.
        unowned = Q(**{f"{mpath}__isnull": True})
        if apath is not None:
            unowned &= Q(**{f"{apath}__isnull": True})
        own |= unowned
    return own


def visible_to(queryset, user):
    """Narrow queryset to the rows user may see (all for STAR roles, own municipality for a
    job-centre manager, own a-kasse for an a-kasse user, nothing for anonymous)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    own = _own_rows(queryset.model, user)
    return queryset if own is None else queryset.filter(own)

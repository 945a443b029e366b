"""Who may read and write evaluation objects (django-rules predicates)."""

import rules

from accounts.rules import is_akasse, is_jobcentre, is_star_reader, is_star_staff


@rules.predicate
def in_own_site(user, obj):
    """True when one of obj's municipalities is the user's (obj: a site or something of one);
    list-level checks (no obj) pass: lists are narrowed by core.access.visible_to."""
    if obj is None:
        return True
    from core.access import municipalities_of

    return getattr(user, "municipality_id", None) in municipalities_of(obj)


@rules.predicate
def round_is_open(user, obj):
    """True when obj (a score) belongs to a round that is open for scoring; no obj passes."""
    if obj is None:
        return True
    return obj.round.is_open


#: Frameworks, evaluations, cohorts and rounds: every logged-in user but an a-kasse's reads them
#: (they hold no municipality's results, but evaluations are about municipal sites: an a-kasse
#: sees none of them), STAR staff design them.
DESIGN_RULES = {
    "view": rules.is_authenticated & ~is_akasse,
    "add": is_star_staff,
    "change": is_star_staff,
    "delete": is_star_staff,
}
#: A site: STAR readers see all, a job-centre manager the sites of his municipality.
SITE_RULES = {
    "view": is_star_reader | (is_jobcentre & in_own_site),
    "add": is_star_staff,
    "change": is_star_staff,
    "delete": is_star_staff,
}
#: A score: as its site; STAR staff enter and correct at any time, the site's municipality
#: while the round is open.
can_enter_score = is_star_staff | (is_jobcentre & in_own_site & round_is_open)
SCORE_RULES = {
    "view": is_star_reader | (is_jobcentre & in_own_site),
    "add": is_star_staff | is_jobcentre,
    "change": can_enter_score,
    "delete": is_star_staff,
}
#: A results PDF: of a site (its municipality may order and read it) or of the whole evaluation
#: (STAR readers only).
PDF_RULES = {
    "view": is_star_reader | (is_jobcentre & in_own_site),
    "add": is_star_reader | is_jobcentre,
    "change": is_star_staff,
    "delete": is_star_staff,
}

"""Every API write operation (POST/PUT/PATCH/DELETE from the OpenAPI schema) x every role ->
the expected status, derived from a small declaration: who may do it, and whether the object
belongs to municipality 751.

The GET side of the API (lists, details, read actions) is in url_matrix.py with the pages.
An operation of the schema without a row here fails tests/test_permission_matrix.py.

Expected status per role:
- anonymous: 401 (token/session auth first),
- a role in `writers`: the operation's success status (201 create, 200 update/action, 204
  delete); the check sends an empty body, so 400 (field errors after the permission passed)
  also counts as allowed,
- any other role: 403, or 404 for job-centre manager 101 on an object of municipality 751
  (scoped queryset: he cannot learn that it exists), and for an a-kasse's user likewise.
"""

from .url_matrix import ROLES

ANONYMOUS = "anonymous"
STAFF = ("admin", "staff")
ADMIN = ("admin",)
READERS = ("admin", "staff", "steering")
STAFF_AND_JOBCENTRES = ("admin", "staff", "jc751", "jc101")
#: Who asks questions: job-centre managers and a-kasse users (STAR staff on their behalf).
ASKERS = (*STAFF_AND_JOBCENTRES, "akasse")
STAFF_AND_OWN_JOBCENTRE = ("admin", "staff", "jc751")

#: Roles outside municipality 751: its objects do not exist for them (404).
OUTSIDE_751 = ("jc101", "akasse")

#: Evaluations are about municipal sites: an a-kasse gets 403 on every evaluation endpoint,
#: checked before the object is looked up (so never 404).
AKASSE_REFUSED_PREFIX = "/api/v1/evaluation"

#: Marks an allowed cell: (ALLOWED, success status).
ALLOWED = "allowed"


def success_status(method, path):
    if path in ACTION_STATUS:
        return ACTION_STATUS[path]
    return {"DELETE": 204, "POST": 201}.get(method, 200)


#: POST actions on one object -> their success status.
ACTION_STATUS = {
    "/api/v1/escalations/{id}/decide/": 200,
    "/api/v1/questions/{id}/answer/": 200,
    "/api/v1/initiatives/{id}/status/": 201,
    "/api/v1/initiatives/{id}/escalate/": 201,
    "/api/v1/risks/{id}/assess/": 201,
    "/api/v1/risks/{id}/actions/": 201,
    "/api/v1/risks/{id}/escalate/": 201,
    "/api/v1/followups/{id}/comments/": 201,
    "/api/v1/evaluations/{slug}/pdf/": 202,
    "/api/v1/evaluation-rounds/{id}/import/": 201,
}


def op(path, kwargs, writers, *, methods=("PUT", "PATCH", "DELETE"), own_751=False, **override):
    """Rows for path: each method -> writers (roles allowed); override per method."""
    return {
        (method, path): (kwargs, override.get(method.lower(), writers), own_751)
        for method in methods
    }


def no_kwargs(world):
    return {}


def _id(attr):
    return lambda w: {"id": getattr(w, attr).pk}


COLLECTION = ("POST",)

DECLARATION = {
    # grant tranches: STAR staff create them
    **op("/api/v1/grant-tranches/", no_kwargs, STAFF, methods=COLLECTION),
    # reforms
    **op("/api/v1/reforms/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/reforms/{slug}/", lambda w: {"slug": w.reform.slug}, STAFF, delete=ADMIN),
    **op("/api/v1/phases/{id}/", _id("phase"), STAFF, methods=("PUT", "PATCH")),
    **op("/api/v1/checklist-items/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/checklist-items/{id}/", _id("checklist_item"), STAFF),
    **op("/api/v1/groups/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/groups/{id}/", _id("group"), STAFF),
    **op("/api/v1/group-members/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/group-members/{id}/", _id("member"), STAFF),
    **op("/api/v1/meetings/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/meetings/{id}/", _id("meeting"), STAFF),
    **op("/api/v1/action-items/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/action-items/{id}/", _id("action"), STAFF),
    **op("/api/v1/escalations/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/escalations/{id}/", _id("escalation"), STAFF),
    # Steering members decide escalations.
    **op("/api/v1/escalations/{id}/decide/", _id("escalation"), READERS, methods=COLLECTION),
    **op("/api/v1/communication-items/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/communication-items/{id}/", _id("communication"), STAFF),
    **op("/api/v1/implementability-items/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/implementability-items/{id}/", _id("implementability"), STAFF),
    **op("/api/v1/levers/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/levers/{id}/", _id("lever"), STAFF),
    # Job-centre managers and a-kasser ask questions; STAR staff answer, edit and delete them.
    **op("/api/v1/questions/", no_kwargs, ASKERS, methods=COLLECTION),
    **op("/api/v1/questions/{id}/", _id("question"), STAFF, own_751=True),
    **op(
        "/api/v1/questions/{id}/answer/", _id("question"), STAFF, methods=COLLECTION, own_751=True
    ),
    # STAR staff open and edit follow-up cases; the municipality's own manager comments.
    **op("/api/v1/followups/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/followups/{id}/", _id("followup"), STAFF, own_751=True),
    **op(
        "/api/v1/followups/{id}/comments/",
        _id("followup"),
        STAFF_AND_OWN_JOBCENTRE,
        methods=COLLECTION,
        own_751=True,
    ),
    **op("/api/v1/offices/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/offices/{id}/", _id("office"), STAFF),
    **op("/api/v1/people/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/people/{id}/", _id("person"), STAFF),
    # indicators
    **op("/api/v1/imports/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/measures/", no_kwargs, STAFF, methods=COLLECTION),
    **op(
        "/api/v1/measures/{code}/",
        lambda w: {"code": w.measure.code},
        STAFF,
        methods=("PUT", "PATCH"),
    ),
    **op("/api/v1/indicators/", no_kwargs, STAFF, methods=COLLECTION),
    **op(
        "/api/v1/indicators/{code}/",
        lambda w: {"code": w.indicator.code},
        STAFF,
        methods=("PUT", "PATCH"),
    ),
    # evaluations: STAR staff design them; scores by STAR or the site's municipality (the
    # empty body of the check answers 400 to both managers before the site is known)
    **op("/api/v1/evaluation-frameworks/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/evaluation-frameworks/{id}/", _id("eval_framework"), STAFF),
    **op("/api/v1/evaluation-area-groups/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/evaluation-area-groups/{id}/", lambda w: {"id": w.eval_area.group_id}, STAFF),
    **op("/api/v1/evaluation-areas/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/evaluation-areas/{id}/", _id("eval_area"), STAFF),
    **op("/api/v1/evaluations/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/evaluations/{slug}/", lambda w: {"slug": w.evaluation.slug}, STAFF),
    # The whole evaluation's PDF (no site in the empty body) is for STAR readers.
    **op(
        "/api/v1/evaluations/{slug}/pdf/",
        lambda w: {"slug": w.evaluation.slug},
        READERS,
        methods=COLLECTION,
    ),
    **op("/api/v1/evaluation-cohorts/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/evaluation-cohorts/{id}/", _id("eval_cohort"), STAFF),
    **op("/api/v1/evaluation-sites/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/evaluation-sites/{id}/", _id("site_751"), STAFF, own_751=True),
    **op("/api/v1/evaluation-rounds/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/evaluation-rounds/{id}/", _id("eval_round"), STAFF),
    **op(
        "/api/v1/evaluation-rounds/{id}/import/",
        _id("eval_round"),
        STAFF_AND_JOBCENTRES,
        methods=COLLECTION,
    ),
    **op("/api/v1/evaluation-scores/", no_kwargs, STAFF_AND_JOBCENTRES, methods=COLLECTION),
    # score_751 is of the closed zero-point: only STAR staff change it now.
    **op("/api/v1/evaluation-scores/{id}/", _id("score_751"), STAFF, own_751=True),
    # risklog
    **op("/api/v1/initiatives/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/initiatives/{id}/", _id("rl_initiative"), STAFF),
    **op("/api/v1/initiatives/{id}/status/", _id("rl_initiative"), STAFF, methods=COLLECTION),
    **op("/api/v1/initiatives/{id}/escalate/", _id("rl_initiative"), STAFF, methods=COLLECTION),
    **op("/api/v1/risks/", no_kwargs, STAFF, methods=COLLECTION),
    **op("/api/v1/risks/{id}/", _id("rl_risk"), STAFF),
    **op("/api/v1/risks/{id}/assess/", _id("rl_risk"), STAFF, methods=COLLECTION),
    **op("/api/v1/risks/{id}/actions/", _id("rl_risk"), STAFF, methods=COLLECTION),
    **op("/api/v1/risks/{id}/escalate/", _id("rl_risk"), STAFF, methods=COLLECTION),
}


#: Operations whose request body is multipart only (file uploads): the check sends an empty
#: multipart body.
MULTIPART = {"/api/v1/imports/", "/api/v1/evaluation-rounds/{id}/import/"}


def expected_status(method, path):
    """role -> expected status (int) or ALLOWED with the success status, for one operation."""
    _kwargs, writers, own_751 = DECLARATION[(method, path)]
    success = success_status(method, path)
    expected = {}
    for role in ROLES:
        if role == ANONYMOUS:
            expected[role] = 401
        elif role in writers:
            expected[role] = (ALLOWED, success)
        elif role == "akasse" and path.startswith(AKASSE_REFUSED_PREFIX):
            expected[role] = 403
        elif own_751 and role in OUTSIDE_751:
            expected[role] = 404
        else:
            expected[role] = 403
    return expected


def expand(path, kwargs):
    for key, value in kwargs.items():
        path = path.replace("{" + key + "}", str(value))
    return path

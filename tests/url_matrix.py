"""Every URL of the project x every role -> the expected HTTP status of a GET.

A URL name that is not in MATRIX fails tests/test_url_matrix.py: a new page or API route must
declare who may see it. `kwargs` is a callable taking the test's `world` (objects made once per
test) and returning the URL kwargs.
"""

ROLES = ["anonymous", "admin", "staff", "steering", "jc751", "jc101"]


def expect(anonymous, admin, staff, steering, jc751, jc101):
    return dict(zip(ROLES, [anonymous, admin, staff, steering, jc751, jc101], strict=True))


# Shorthands for the usual patterns.
PUBLIC = expect(200, 200, 200, 200, 200, 200)
LOGGED_IN = expect(302, 200, 200, 200, 200, 200)
READERS = expect(302, 200, 200, 200, 403, 403)  # STAR staff, admin and steering read
STAR_ONLY = expect(302, 200, 200, 403, 403, 403)  # STAR staff and admin
ADMIN_ONLY = expect(302, 200, 403, 403, 403, 403)
API_LOGGED_IN = expect(401, 200, 200, 200, 200, 200)
API_READERS = expect(401, 200, 200, 200, 403, 403)
API_STAR_ONLY = expect(401, 200, 200, 403, 403, 403)
#: An object of municipality 751: its manager sees it, the other municipality's gets 404.
OWN_751 = expect(302, 200, 200, 200, 200, 404)
API_OWN_751 = expect(401, 200, 200, 200, 200, 404)
#: A POST-only API action: GET is not allowed (permissions are checked on the POST).
API_POST_ONLY = expect(401, 405, 405, 405, 405, 405)

# Framework URLs that are not pages of ours.
EXCLUDED = {"set_language", "javascript-catalog"}
EXCLUDED_PREFIXES = ("admin:",)


def no_kwargs(world):
    return {}


MATRIX = {
    # core
    "home": (no_kwargs, expect(302, 200, 200, 200, "jobcentre_home", "jobcentre_home")),
    "healthz": (no_kwargs, PUBLIC),
    "accessibility": (no_kwargs, PUBLIC),
    # accounts
    "login": (no_kwargs, expect(200, 302, 302, 302, 302, 302)),
    "accounts:logout": (no_kwargs, expect(405, 405, 405, 405, 405, 405)),
    "accounts:password_change": (no_kwargs, LOGGED_IN),
    "accounts:password_change_done": (no_kwargs, LOGGED_IN),
    "accounts:password_reset": (no_kwargs, PUBLIC),
    "accounts:password_reset_done": (no_kwargs, PUBLIC),
    "accounts:password_reset_confirm": (
        lambda w: {"uidb64": "MQ", "token": "invalid-token"},
        PUBLIC,
    ),
    "accounts:password_reset_complete": (no_kwargs, PUBLIC),
    "accounts:user_list": (no_kwargs, ADMIN_ONLY),
    "accounts:user_invite": (no_kwargs, ADMIN_ONLY),
    "accounts:user_detail": (lambda w: {"pk": w.users["jc751"].pk}, ADMIN_ONLY),
    "accounts:user_update": (lambda w: {"pk": w.users["jc751"].pk}, ADMIN_ONLY),
    "accounts:user_toggle_active": (
        lambda w: {"pk": w.users["jc751"].pk},
        expect(302, 405, 403, 403, 403, 403),
    ),
    # indicators: reference data
    "indicators:municipality_list": (no_kwargs, LOGGED_IN),
    "indicators:municipality_detail": (lambda w: {"pk": 751}, LOGGED_IN),
    # benchmarks
    "benchmarks:my_page": (no_kwargs, expect(302, 403, 403, 403, 302, 302)),
    "benchmarks:page": (lambda w: {"code": 751}, OWN_751),
    # API
    "api-schema": (no_kwargs, API_LOGGED_IN),
    "api-docs": (no_kwargs, API_LOGGED_IN),
    "municipality-list": (no_kwargs, API_LOGGED_IN),
    "municipality-detail": (lambda w: {"pk": 101}, API_LOGGED_IN),
    # risklog: implementation plan and risk log (objects without a municipality -> 403)
    **{
        f"risklog:{name}": (kwargs, expected)
        for name, kwargs, expected in [
            ("levels_css", no_kwargs, PUBLIC),
            ("plan", lambda w: {"slug": w.rl_reform.slug}, READERS),
            ("plan_timeline", lambda w: {"slug": w.rl_reform.slug}, READERS),
            ("initiative_create", lambda w: {"slug": w.rl_reform.slug}, STAR_ONLY),
            *[
                (name, lambda w: {"slug": w.rl_reform.slug, "pk": w.rl_initiative.pk}, expected)
                for name, expected in [
                    ("initiative_detail", READERS),
                    ("initiative_update", STAR_ONLY),
                    ("initiative_delete", STAR_ONLY),
                    ("initiative_status", STAR_ONLY),
                    ("initiative_escalate", STAR_ONLY),
                ]
            ],
            (
                "meeting_pack",
                lambda w: {"slug": w.rl_reform.slug, "meeting": w.rl_meeting.pk},
                READERS,
            ),
            (
                "meeting_pack_pdf_order",
                lambda w: {"slug": w.rl_reform.slug, "meeting": w.rl_meeting.pk},
                expect(302, 405, 405, 405, 403, 403),
            ),
            (
                "meeting_pack_pdf",
                lambda w: {"slug": w.rl_reform.slug, "meeting": w.rl_meeting.pk, "pk": w.rl_pdf.pk},
                READERS,
            ),
            ("risk_list", lambda w: {"slug": w.rl_reform.slug}, READERS),
            ("heat_map", lambda w: {"slug": w.rl_reform.slug}, READERS),
            ("risk_export", lambda w: {"slug": w.rl_reform.slug, "fmt": "xlsx"}, READERS),
            ("risk_create", lambda w: {"slug": w.rl_reform.slug}, STAR_ONLY),
            *[
                (name, lambda w: {"slug": w.rl_reform.slug, "pk": w.rl_risk.pk}, expected)
                for name, expected in [
                    ("risk_detail", READERS),
                    ("risk_update", STAR_ONLY),
                    ("risk_delete", STAR_ONLY),
                    ("risk_assess", STAR_ONLY),
                    ("risk_escalate", STAR_ONLY),
                    ("action_create", STAR_ONLY),
                ]
            ],
            (
                "action_update",
                lambda w: {"slug": w.rl_reform.slug, "pk": w.rl_action.pk},
                STAR_ONLY,
            ),
            (
                "action_delete",
                lambda w: {"slug": w.rl_reform.slug, "pk": w.rl_action.pk},
                STAR_ONLY,
            ),
        ]
    },
    "initiative-list": (no_kwargs, API_READERS),
    "initiative-detail": (lambda w: {"pk": w.rl_initiative.pk}, API_READERS),
    "initiative-updates": (lambda w: {"pk": w.rl_initiative.pk}, API_READERS),
    "initiative-status": (lambda w: {"pk": w.rl_initiative.pk}, API_POST_ONLY),
    "initiative-escalate": (lambda w: {"pk": w.rl_initiative.pk}, API_POST_ONLY),
    "risk-list": (no_kwargs, API_READERS),
    "risk-detail": (lambda w: {"pk": w.rl_risk.pk}, API_READERS),
    "risk-assessments": (lambda w: {"pk": w.rl_risk.pk}, API_READERS),
    "risk-assess": (lambda w: {"pk": w.rl_risk.pk}, API_POST_ONLY),
    "risk-actions": (lambda w: {"pk": w.rl_risk.pk}, API_POST_ONLY),
    "risk-escalate": (lambda w: {"pk": w.rl_risk.pk}, API_POST_ONLY),
}

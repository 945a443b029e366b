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
    # benchmarks: reports, recipients, dispatch
    "benchmarks:report_list": (no_kwargs, LOGGED_IN),
    "benchmarks:report_pdf": (lambda w: {"pk": w.report_751.pk}, OWN_751),
    "benchmarks:report_request": (no_kwargs, expect(302, 405, 405, 405, 405, 405)),
    "benchmarks:report_batch_retry": (
        lambda w: {"pk": w.report_batch.pk},
        expect(302, 405, 405, 405, 405, 405),
    ),
    "benchmarks:recipient_list": (no_kwargs, READERS),
    "benchmarks:recipient_create": (no_kwargs, STAR_ONLY),
    "benchmarks:recipient_update": (
        lambda w: {"pk": w.recipient_751.pk},
        expect(302, 200, 200, 403, 403, 404),
    ),
    "benchmarks:recipient_delete": (
        lambda w: {"pk": w.recipient_751.pk},
        expect(302, 200, 200, 403, 403, 404),
    ),
    "benchmarks:dispatch_quarters": (no_kwargs, READERS),
    "benchmarks:dispatch_log": (lambda w: {"quarter": w.quarter}, READERS),
    "benchmarks:dispatch_preview": (lambda w: {"quarter": w.quarter}, READERS),
    "benchmarks:dispatch_start": (
        lambda w: {"quarter": w.quarter},
        expect(302, 405, 405, 405, 405, 405),
    ),
    "benchmarks:dispatch_retry": (
        lambda w: {"quarter": w.quarter},
        expect(302, 405, 405, 405, 405, 405),
    ),
    # API
    "api-schema": (no_kwargs, API_LOGGED_IN),
    "api-docs": (no_kwargs, API_LOGGED_IN),
    "municipality-list": (no_kwargs, API_LOGGED_IN),
    "municipality-detail": (lambda w: {"pk": 101}, API_LOGGED_IN),
    "report-list": (no_kwargs, API_LOGGED_IN),
    "report-detail": (lambda w: {"pk": w.report_751.pk}, API_OWN_751),
    "report-pdf": (lambda w: {"pk": w.report_751.pk}, API_OWN_751),
    "dispatch-list": (no_kwargs, API_READERS),
    "dispatch-detail": (lambda w: {"pk": w.dispatch_751.pk}, expect(401, 200, 200, 200, 403, 404)),
}

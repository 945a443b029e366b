"""Every URL of the project x every role -> the expected HTTP status of a GET.

A URL name that is not in MATRIX fails tests/test_url_matrix.py: a new page or API route must
declare who may see it. `kwargs` is a callable taking the test's `world` (objects made once per
test) and returning the URL kwargs.
"""

ROLES = ["anonymous", "admin", "staff", "steering", "jc751", "jc101", "akasse"]


def expect(anonymous, admin, staff, steering, jc751, jc101, akasse=None):
    """The statuses per role. An a-kasse's user (`akasse1`) is by default refused like the
    other municipality's manager (he is outside every municipality: 404 for a municipal
    object, 403 where a role is refused); where he is not, the row says so."""
    if akasse is None:
        akasse = 302 if jc101 == "jobcentre_home" else jc101
    values = [anonymous, admin, staff, steering, jc751, jc101, akasse]
    return dict(zip(ROLES, values, strict=True))


# Shorthands for the usual patterns.
PUBLIC = expect(200, 200, 200, 200, 200, 200)
LOGGED_IN = expect(302, 200, 200, 200, 200, 200)
READERS = expect(302, 200, 200, 200, 403, 403)  # STAR staff, admin and steering read
STAR_ONLY = expect(302, 200, 200, 403, 403, 403)  # STAR staff and admin
ADMIN_ONLY = expect(302, 200, 403, 403, 403, 403)
#: Administrators only, on an object of municipality 751 (another municipality's manager: 404).
ADMIN_ONLY_OWN_751 = expect(302, 200, 403, 403, 403, 404)
API_LOGGED_IN = expect(401, 200, 200, 200, 200, 200)
API_READERS = expect(401, 200, 200, 200, 403, 403)
API_STAR_ONLY = expect(401, 200, 200, 403, 403, 403)
#: An object of municipality 751: its manager sees it, the other municipality's gets 404.
OWN_751 = expect(302, 200, 200, 200, 200, 404)
API_OWN_751 = expect(401, 200, 200, 200, 200, 404)
#: Municipal data (reports, targets, follow-ups, indicator values): every logged-in user but an
#: a-kasse's (an a-kasse sees no municipal data: 403).
MUNICIPAL = expect(302, 200, 200, 200, 200, 200, akasse=403)
API_MUNICIPAL = expect(401, 200, 200, 200, 200, 200, akasse=403)
#: A municipality's benchmark (page, export, API): an a-kasse gets 403 (CONTRACT §7).
BENCHMARK_751 = expect(302, 200, 200, 200, 200, 404, akasse=403)
API_BENCHMARK_751 = expect(401, 200, 200, 200, 200, 404, akasse=403)
#: Evaluations (pages, exports, API) are about municipal sites: an a-kasse gets 403 on every one,
#: before any object is looked up (so 403 also where another municipality's manager gets 404).
EVALUATION = expect(302, 200, 200, 200, 200, 200, akasse=403)
API_EVALUATION = expect(401, 200, 200, 200, 200, 200, akasse=403)
EVALUATION_751 = expect(302, 200, 200, 200, 200, 404, akasse=403)
API_EVALUATION_751 = expect(401, 200, 200, 200, 200, 404, akasse=403)
#: A POST-only API action: GET is not allowed (permissions are checked on the POST).
API_POST_ONLY = expect(401, 405, 405, 405, 405, 405)

API_EVALUATION_POST_ONLY = expect(401, 405, 405, 405, 405, 405, akasse=403)

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
    # A user of municipality 751: 101's manager does not learn that it exists (404).
    "accounts:user_detail": (lambda w: {"pk": w.users["jc751"].pk}, ADMIN_ONLY_OWN_751),
    "accounts:user_update": (lambda w: {"pk": w.users["jc751"].pk}, ADMIN_ONLY_OWN_751),
    "accounts:user_toggle_active": (
        lambda w: {"pk": w.users["jc751"].pk},
        expect(302, 405, 403, 403, 403, 404),
    ),
    # indicators: reference data
    "indicators:municipality_list": (no_kwargs, LOGGED_IN),
    "indicators:municipality_detail": (lambda w: {"pk": 751}, LOGGED_IN),
    # indicators: observation imports
    "indicators:import_upload": (no_kwargs, STAR_ONLY),
    "indicators:import_list": (no_kwargs, READERS),
    "indicators:import_detail": (lambda w: {"pk": w.import_batch.pk}, READERS),
    # POST starts a fetch in the worker (STAR staff); GET is not allowed
    "indicators:jobindsats_fetch_start": (no_kwargs, expect(302, 405, 405, 403, 403, 403)),
    "indicators:jobindsats_fetch_detail": (lambda w: {"pk": w.jobindsats_fetch.pk}, READERS),
    # indicators: jobindsats cluster classifications (STAR staff load them; POST-only removal)
    "indicators:cluster_classification": (no_kwargs, STAR_ONLY),
    "indicators:cluster_clear": (no_kwargs, expect(302, 405, 405, 403, 403, 403)),
    # indicators: definitions and computation runs
    "indicators:measure_list": (no_kwargs, LOGGED_IN),
    "indicators:measure_create": (no_kwargs, STAR_ONLY),
    "indicators:measure_detail": (lambda w: {"pk": w.measure.pk}, LOGGED_IN),
    "indicators:measure_update": (lambda w: {"pk": w.measure.pk}, STAR_ONLY),
    "indicators:indicator_list": (no_kwargs, LOGGED_IN),
    "indicators:indicator_create": (no_kwargs, STAR_ONLY),
    "indicators:indicator_detail": (lambda w: {"pk": w.indicator.pk}, LOGGED_IN),
    "indicators:indicator_update": (lambda w: {"pk": w.indicator.pk}, STAR_ONLY),
    "indicators:national_target": (lambda w: {"pk": w.indicator.pk}, STAR_ONLY),
    "indicators:run_list": (no_kwargs, READERS),
    "indicators:run_start": (no_kwargs, STAR_ONLY),
    "indicators:run_detail": (lambda w: {"pk": w.run.pk}, READERS),
    # benchmarks
    "benchmarks:my_page": (no_kwargs, expect(302, 403, 403, 403, 302, 302, akasse=403)),
    "benchmarks:page": (lambda w: {"code": 751}, BENCHMARK_751),
    "benchmarks:export": (lambda w: {"code": 751, "fmt": "csv"}, BENCHMARK_751),
    "benchmarks:overview": (no_kwargs, READERS),
    "benchmarks:target_list": (no_kwargs, MUNICIPAL),
    "benchmarks:target_create": (no_kwargs, expect(302, 200, 200, 403, 200, 200, akasse=403)),
    "benchmarks:target_detail": (lambda w: {"pk": w.target_751.pk}, OWN_751),
    "benchmarks:target_update": (
        lambda w: {"pk": w.target_751.pk},
        expect(302, 200, 200, 403, 200, 404),
    ),
    "benchmarks:target_delete": (
        lambda w: {"pk": w.target_751.pk},
        expect(302, 200, 200, 403, 200, 404),
    ),
    "benchmarks:dashboard_index": (no_kwargs, expect(302, 302, 302, 302, 403, 403)),
    "benchmarks:dashboard": (lambda w: {"slug": w.reform.slug}, READERS),
    # benchmarks: evaluations (sites of 751 answer 404 to 101's manager; an a-kasse: 403)
    "benchmarks:evaluation_list": (no_kwargs, EVALUATION),
    "benchmarks:evaluation_create": (no_kwargs, STAR_ONLY),
    "benchmarks:evaluation_frameworks": (no_kwargs, EVALUATION),
    "benchmarks:evaluation_framework": (lambda w: {"pk": w.eval_framework.pk}, EVALUATION),
    "benchmarks:evaluation": (lambda w: {"slug": w.evaluation.slug}, EVALUATION),
    "benchmarks:evaluation_export": (lambda w: {"slug": w.evaluation.slug}, EVALUATION),
    "benchmarks:evaluation_pdf_order": (
        lambda w: {"slug": w.evaluation.slug},
        expect(302, 405, 405, 405, 405, 405, akasse=403),
    ),
    "benchmarks:evaluation_pdf": (lambda w: {"pk": w.eval_pdf_751.pk}, EVALUATION_751),
    "benchmarks:evaluation_site": (lambda w: {"pk": w.site_751.pk}, EVALUATION_751),
    **{
        f"benchmarks:{name}": (
            lambda w: {"pk": w.site_751.pk, "number": w.eval_round.number},
            expect(302, 200, 200, 403, 200, 404, akasse=403),
        )
        for name in (
            "evaluation_scores",
            "evaluation_scores_import",
            "evaluation_scores_template",
        )
    },
    "benchmarks:evaluation_cohort_create": (lambda w: {"slug": w.evaluation.slug}, STAR_ONLY),
    "benchmarks:evaluation_site_create": (lambda w: {"slug": w.evaluation.slug}, STAR_ONLY),
    "benchmarks:evaluation_round_create": (lambda w: {"slug": w.evaluation.slug}, STAR_ONLY),
    "benchmarks:evaluation_round_update": (
        lambda w: {"slug": w.evaluation.slug, "pk": w.eval_round.pk},
        STAR_ONLY,
    ),
    # grant tranches (benchmarks/grants)
    "grants:list": (lambda w: {"slug": w.reform.slug}, READERS),
    "grants:load": (lambda w: {"slug": w.reform.slug}, STAR_ONLY),
    "granttranche-list": (no_kwargs, API_LOGGED_IN),
    "granttranche-detail": (lambda w: {"pk": w.tranche.pk}, API_LOGGED_IN),
    # Every logged-in user; a job-centre manager gets only his own municipality's row.
    "granttranche-statuses": (lambda w: {"pk": w.tranche.pk}, API_LOGGED_IN),
    # benchmarks: reports, recipients, dispatch
    "benchmarks:report_list": (no_kwargs, MUNICIPAL),
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
    # The quarterly e-mail's opt-out link: no log-in; a tampered token is 404 for everyone
    # (a valid one: tests/test_dispatch_mail.py).
    "benchmarks:unsubscribe": (
        lambda w: {"token": "ugyldig:token"},
        expect(404, 404, 404, 404, 404, 404, akasse=404),
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
    # cluster classifications: published reference data (CONTRACT §4)
    "municipalitycluster-list": (no_kwargs, API_LOGGED_IN),
    "municipalitycluster-detail": (lambda w: {"pk": w.cluster.pk}, API_LOGGED_IN),
    # reforms: pages
    "reforms:list": (no_kwargs, READERS),
    "reforms:create": (no_kwargs, STAR_ONLY),
    "reforms:detail": (lambda w: {"slug": w.reform.slug}, READERS),
    "reforms:update": (lambda w: {"slug": w.reform.slug}, STAR_ONLY),
    "reforms:delete": (lambda w: {"slug": w.reform.slug}, ADMIN_ONLY),
    "reforms:page": (lambda w: {"slug": w.reform.slug}, LOGGED_IN),
    "reforms:page_section_update": (
        lambda w: {"slug": w.reform.slug, "kind": "front"},
        STAR_ONLY,
    ),
    "reforms:phase_update": (lambda w: {"pk": w.phase.pk}, STAR_ONLY),
    "reforms:checklist_create": (lambda w: {"slug": w.reform.slug}, STAR_ONLY),
    "reforms:checklist_update": (lambda w: {"pk": w.checklist_item.pk}, STAR_ONLY),
    "reforms:checklist_delete": (lambda w: {"pk": w.checklist_item.pk}, STAR_ONLY),
    "reforms:checklist_toggle": (
        lambda w: {"pk": w.checklist_item.pk},
        expect(302, 405, 405, 403, 403, 403),
    ),
    "reforms:group_list": (no_kwargs, READERS),
    "reforms:group_create": (lambda w: {"slug": w.reform.slug}, STAR_ONLY),
    "reforms:group_detail": (lambda w: {"pk": w.group.pk}, READERS),
    "reforms:group_update": (lambda w: {"pk": w.group.pk}, STAR_ONLY),
    "reforms:group_delete": (lambda w: {"pk": w.group.pk}, STAR_ONLY),
    "reforms:member_create": (lambda w: {"pk": w.group.pk}, STAR_ONLY),
    "reforms:member_update": (lambda w: {"pk": w.member.pk}, STAR_ONLY),
    "reforms:member_delete": (lambda w: {"pk": w.member.pk}, STAR_ONLY),
    "reforms:meeting_list": (no_kwargs, READERS),
    "reforms:meeting_create": (lambda w: {"pk": w.group.pk}, STAR_ONLY),
    "reforms:meeting_detail": (lambda w: {"pk": w.meeting.pk}, READERS),
    "reforms:meeting_update": (lambda w: {"pk": w.meeting.pk}, STAR_ONLY),
    "reforms:meeting_delete": (lambda w: {"pk": w.meeting.pk}, STAR_ONLY),
    "reforms:action_create": (lambda w: {"pk": w.meeting.pk}, STAR_ONLY),
    "reforms:action_update": (lambda w: {"pk": w.action.pk}, STAR_ONLY),
    "reforms:action_delete": (lambda w: {"pk": w.action.pk}, STAR_ONLY),
    "reforms:escalation_list": (no_kwargs, READERS),
    "reforms:escalation_create": (lambda w: {"slug": w.reform.slug}, STAR_ONLY),
    "reforms:escalation_detail": (lambda w: {"pk": w.escalation.pk}, READERS),
    "reforms:escalation_update": (lambda w: {"pk": w.escalation.pk}, STAR_ONLY),
    "reforms:escalation_delete": (lambda w: {"pk": w.escalation.pk}, STAR_ONLY),
    "reforms:escalation_decide": (lambda w: {"pk": w.escalation.pk}, READERS),
    "reforms:communication_list": (lambda w: {"slug": w.reform.slug}, READERS),
    "reforms:communication_create": (lambda w: {"slug": w.reform.slug}, STAR_ONLY),
    "reforms:communication_update": (lambda w: {"pk": w.communication.pk}, STAR_ONLY),
    "reforms:communication_delete": (lambda w: {"pk": w.communication.pk}, STAR_ONLY),
    "reforms:communication_send": (
        lambda w: {"pk": w.communication.pk},
        expect(302, 405, 405, 403, 403, 403),
    ),
    "reforms:implementability_list": (lambda w: {"slug": w.reform.slug}, READERS),
    "reforms:implementability_create": (lambda w: {"slug": w.reform.slug}, STAR_ONLY),
    "reforms:implementability_update": (lambda w: {"pk": w.implementability.pk}, STAR_ONLY),
    "reforms:implementability_delete": (lambda w: {"pk": w.implementability.pk}, STAR_ONLY),
    "reforms:lever_list": (no_kwargs, READERS),
    "reforms:lever_create": (no_kwargs, STAR_ONLY),
    "reforms:lever_detail": (lambda w: {"pk": w.lever.pk}, READERS),
    "reforms:lever_update": (lambda w: {"pk": w.lever.pk}, STAR_ONLY),
    "reforms:lever_delete": (lambda w: {"pk": w.lever.pk}, STAR_ONLY),
    "reforms:question_list": (no_kwargs, LOGGED_IN),
    "reforms:question_create": (
        lambda w: {"slug": w.reform.slug},
        expect(302, 200, 200, 403, 200, 200),
    ),
    "reforms:question_detail": (lambda w: {"pk": w.question.pk}, OWN_751),
    "reforms:question_answer": (
        lambda w: {"pk": w.question.pk},
        expect(302, 200, 200, 403, 403, 404),
    ),
    "reforms:question_delete": (
        lambda w: {"pk": w.question.pk},
        expect(302, 200, 200, 403, 403, 404),
    ),
    # follow-up cases with the municipalities (municipal objects: 404 for another manager)
    "reforms:followup_list": (no_kwargs, MUNICIPAL),
    "reforms:followup_create": (no_kwargs, STAR_ONLY),
    "reforms:followup_detail": (lambda w: {"pk": w.followup.pk}, OWN_751),
    "reforms:followup_update": (
        lambda w: {"pk": w.followup.pk},
        expect(302, 200, 200, 403, 403, 404),
    ),
    "reforms:followup_delete": (
        lambda w: {"pk": w.followup.pk},
        expect(302, 200, 200, 403, 403, 404),
    ),
    "reforms:followup_comment": (
        lambda w: {"pk": w.followup.pk},
        expect(302, 405, 405, 403, 405, 404),
    ),
    # the public reform page (world.reform is published), its preview, milestones, documents
    "reforms:public_page": (lambda w: {"slug": w.reform.slug}, PUBLIC),
    "reforms:public_document": (lambda w: {"slug": w.reform.slug, "pk": w.document.pk}, PUBLIC),
    "reforms:public_preview": (lambda w: {"slug": w.reform.slug}, READERS),
    "reforms:publish": (lambda w: {"slug": w.reform.slug}, expect(302, 405, 405, 403, 403, 403)),
    "reforms:milestone_create": (lambda w: {"slug": w.reform.slug}, STAR_ONLY),
    "reforms:milestone_update": (lambda w: {"pk": w.milestone.pk}, STAR_ONLY),
    "reforms:milestone_delete": (lambda w: {"pk": w.milestone.pk}, STAR_ONLY),
    "reforms:document_create": (lambda w: {"slug": w.reform.slug}, STAR_ONLY),
    "reforms:document_download": (lambda w: {"pk": w.document.pk}, LOGGED_IN),
    "reforms:document_delete": (lambda w: {"pk": w.document.pk}, STAR_ONLY),
    "reforms:office_list": (no_kwargs, READERS),
    "reforms:office_create": (no_kwargs, STAR_ONLY),
    "reforms:office_detail": (lambda w: {"pk": w.office.pk}, READERS),
    "reforms:office_update": (lambda w: {"pk": w.office.pk}, STAR_ONLY),
    "reforms:office_delete": (lambda w: {"pk": w.office.pk}, STAR_ONLY),
    "reforms:person_list": (no_kwargs, READERS),
    "reforms:person_create": (no_kwargs, STAR_ONLY),
    "reforms:person_detail": (lambda w: {"pk": w.person.pk}, READERS),
    "reforms:person_update": (lambda w: {"pk": w.person.pk}, STAR_ONLY),
    "reforms:person_delete": (lambda w: {"pk": w.person.pk}, STAR_ONLY),
    # reforms: API
    "reform-list": (no_kwargs, API_READERS),
    "reform-detail": (lambda w: {"slug": w.reform.slug}, API_READERS),
    "phase-list": (no_kwargs, API_READERS),
    "phase-detail": (lambda w: {"pk": w.phase.pk}, API_READERS),
    "checklistitem-list": (no_kwargs, API_READERS),
    "checklistitem-detail": (lambda w: {"pk": w.checklist_item.pk}, API_READERS),
    "group-list": (no_kwargs, API_READERS),
    "group-detail": (lambda w: {"pk": w.group.pk}, API_READERS),
    "groupmember-list": (no_kwargs, API_READERS),
    "groupmember-detail": (lambda w: {"pk": w.member.pk}, API_READERS),
    "meeting-list": (no_kwargs, API_READERS),
    "meeting-detail": (lambda w: {"pk": w.meeting.pk}, API_READERS),
    "actionitem-list": (no_kwargs, API_READERS),
    "actionitem-detail": (lambda w: {"pk": w.action.pk}, API_READERS),
    "escalation-list": (no_kwargs, API_READERS),
    "escalation-detail": (lambda w: {"pk": w.escalation.pk}, API_READERS),
    "escalation-decide": (
        lambda w: {"pk": w.escalation.pk},
        expect(401, 405, 405, 405, 405, 405),
    ),
    "communicationitem-list": (no_kwargs, API_READERS),
    "communicationitem-detail": (lambda w: {"pk": w.communication.pk}, API_READERS),
    "implementabilityitem-list": (no_kwargs, API_READERS),
    "implementabilityitem-detail": (lambda w: {"pk": w.implementability.pk}, API_READERS),
    "lever-list": (no_kwargs, API_READERS),
    "lever-detail": (lambda w: {"pk": w.lever.pk}, API_READERS),
    "question-list": (no_kwargs, API_LOGGED_IN),
    "question-detail": (lambda w: {"pk": w.question.pk}, API_OWN_751),
    "question-answer": (
        lambda w: {"pk": w.question.pk},
        expect(401, 405, 405, 405, 405, 405),
    ),
    "followup-list": (no_kwargs, API_MUNICIPAL),
    "followup-detail": (lambda w: {"pk": w.followup.pk}, API_OWN_751),
    "followup-comments": (lambda w: {"pk": w.followup.pk}, API_POST_ONLY),
    "office-list": (no_kwargs, API_READERS),
    "office-detail": (lambda w: {"pk": w.office.pk}, API_READERS),
    "person-list": (no_kwargs, API_READERS),
    "person-detail": (lambda w: {"pk": w.person.pk}, API_READERS),
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
    "importbatch-list": (no_kwargs, API_READERS),
    "importbatch-detail": (lambda w: {"pk": w.import_batch.pk}, API_READERS),
    "measure-list": (no_kwargs, API_LOGGED_IN),
    "measure-detail": (lambda w: {"code": w.measure.code}, API_LOGGED_IN),
    "indicator-list": (no_kwargs, API_LOGGED_IN),
    "indicator-detail": (lambda w: {"code": w.indicator.code}, API_LOGGED_IN),
    "indicatorvalue-list": (no_kwargs, API_MUNICIPAL),
    "indicatorvalue-detail": (lambda w: {"pk": w.value_751.pk}, API_OWN_751),
    "computationrun-list": (no_kwargs, API_READERS),
    "computationrun-detail": (lambda w: {"pk": w.run.pk}, API_READERS),
    "benchmark-detail": (lambda w: {"code": 751}, API_BENCHMARK_751),
    "report-list": (no_kwargs, API_MUNICIPAL),
    "report-detail": (lambda w: {"pk": w.report_751.pk}, API_OWN_751),
    "report-pdf": (lambda w: {"pk": w.report_751.pk}, API_OWN_751),
    "evaluationframework-list": (no_kwargs, API_EVALUATION),
    "evaluationframework-detail": (lambda w: {"pk": w.eval_framework.pk}, API_EVALUATION),
    "evaluationareagroup-list": (no_kwargs, API_EVALUATION),
    "evaluationareagroup-detail": (lambda w: {"pk": w.eval_area.group_id}, API_EVALUATION),
    "evaluationarea-list": (no_kwargs, API_EVALUATION),
    "evaluationarea-detail": (lambda w: {"pk": w.eval_area.pk}, API_EVALUATION),
    "evaluation-list": (no_kwargs, API_EVALUATION),
    "evaluation-detail": (lambda w: {"slug": w.evaluation.slug}, API_EVALUATION),
    "evaluation-results": (lambda w: {"slug": w.evaluation.slug}, API_EVALUATION),
    "evaluation-pdf": (lambda w: {"slug": w.evaluation.slug}, API_EVALUATION_POST_ONLY),
    "evaluationcohort-list": (no_kwargs, API_EVALUATION),
    "evaluationcohort-detail": (lambda w: {"pk": w.eval_cohort.pk}, API_EVALUATION),
    "evaluationsite-list": (no_kwargs, API_MUNICIPAL),
    "evaluationsite-detail": (lambda w: {"pk": w.site_751.pk}, API_EVALUATION_751),
    "evaluationsite-results": (lambda w: {"pk": w.site_751.pk}, API_EVALUATION_751),
    "evaluationround-list": (no_kwargs, API_EVALUATION),
    "evaluationround-detail": (lambda w: {"pk": w.eval_round.pk}, API_EVALUATION),
    "evaluationround-import": (lambda w: {"pk": w.eval_round.pk}, API_EVALUATION_POST_ONLY),
    "evaluationscore-list": (no_kwargs, API_MUNICIPAL),
    "evaluationscore-detail": (lambda w: {"pk": w.score_751.pk}, API_EVALUATION_751),
    "evaluationpdf-list": (no_kwargs, API_MUNICIPAL),
    "evaluationpdf-detail": (lambda w: {"pk": w.eval_pdf_751.pk}, API_EVALUATION_751),
    "evaluationpdf-file": (lambda w: {"pk": w.eval_pdf_751.pk}, API_EVALUATION_751),
    "dispatch-list": (no_kwargs, API_READERS),
    "dispatch-detail": (lambda w: {"pk": w.dispatch_751.pk}, expect(401, 200, 200, 200, 403, 404)),
}

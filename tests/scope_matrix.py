"""Every municipality-scoped model (a `municipality_field`, see core/access.py) -> how an object
of municipality 751 is reached through the API and the pages. tests/test_permission_matrix.py
proves that job-centre manager 101 gets 404 on read, update and delete of it, and fails when a
scoped model has no row here.

`api`: the detail path in the OpenAPI schema (None: no API addresses one object, with `reason`).
`api_writes`: the write methods the API offers on it; the others must answer 405 to everyone
(a read-only endpoint cannot leak by writing).
`pages`: URL names (taking `pk`) for read / update / delete (None: no such page).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scoped:
    obj: object  # world -> the object of municipality 751
    api: str | None = None
    api_writes: tuple = ()
    pages: dict = field(default_factory=dict)
    reason: str = ""
    owner_status: int = 200  # what 751's own manager gets on the API detail (403: STAR only)


SCOPED = {
    "accounts.User": Scoped(
        obj=lambda w: w.users["jc751"],
        pages={
            "read": "accounts:user_detail",
            "update": "accounts:user_update",
            "deactivate": "accounts:user_toggle_active",
        },
        reason="Users are administered on pages by STAR administrators; there is no user API.",
        owner_status=403,
    ),
    "reforms.GrantAmount": Scoped(
        obj=lambda w: w.grant_751,
        reason=(
            "Grant amounts are loaded from a file for a whole reform and read through "
            "grant-tranches/{id}/statuses/, which gives a job-centre manager only his own row."
        ),
    ),
    "reforms.Question": Scoped(
        obj=lambda w: w.question,
        api="/api/v1/questions/{id}/",
        api_writes=("PUT", "PATCH", "DELETE"),
        pages={
            "read": "reforms:question_detail",
            "update": "reforms:question_answer",
            "delete": "reforms:question_delete",
        },
    ),
    "reforms.FollowUp": Scoped(
        obj=lambda w: w.followup,
        api="/api/v1/followups/{id}/",
        api_writes=("PUT", "PATCH", "DELETE"),
        pages={
            "read": "reforms:followup_detail",
            "update": "reforms:followup_update",
            "delete": "reforms:followup_delete",
        },
    ),
    "reforms.FollowUpComment": Scoped(
        obj=lambda w: w.followup_comment,
        reason="Comments are read inside their follow-up case (page and API) and written with "
        "POST followups/{id}/comments/; no page or API addresses one comment.",
    ),
    "indicators.IndicatorValue": Scoped(
        obj=lambda w: w.value_751,
        api="/api/v1/values/{id}/",
        reason="Computed values are read-only (the computation writes them); no page per value.",
    ),
    "indicators.Observation": Scoped(
        obj=lambda w: w.observation_751,
        reason="Observations are only written by imports and read through indicator values.",
    ),
    "benchmarks.MunicipalTarget": Scoped(
        obj=lambda w: w.target_751,
        pages={
            "read": "benchmarks:target_detail",
            "update": "benchmarks:target_update",
            "delete": "benchmarks:target_delete",
        },
        reason="Targets have pages only; the benchmark API shows them inside /benchmark/{code}/.",
    ),
    "benchmarks.EvaluationSite": Scoped(
        obj=lambda w: w.site_751,
        api="/api/v1/evaluation-sites/{id}/",
        api_writes=("PUT", "PATCH", "DELETE"),
        pages={"read": "benchmarks:evaluation_site"},
        reason="Sites are designed by STAR staff on the evaluation's pages (addressed by its "
        "slug, not the site's pk).",
    ),
    "benchmarks.EvaluationScore": Scoped(
        obj=lambda w: w.score_751,
        api="/api/v1/evaluation-scores/{id}/",
        api_writes=("PUT", "PATCH", "DELETE"),
        reason="Scores are entered per site and round on the site's pages; no page addresses "
        "one score.",
    ),
    "benchmarks.EvaluationPdf": Scoped(
        obj=lambda w: w.eval_pdf_751,
        api="/api/v1/evaluation-pdfs/{id}/",
        pages={"read": "benchmarks:evaluation_pdf"},
        reason="Result PDFs are written by the worker; pages only order and read them.",
    ),
    "benchmarks.Report": Scoped(
        obj=lambda w: w.report_751,
        api="/api/v1/reports/{id}/",
        pages={"read": "benchmarks:report_pdf"},
        reason="Reports are written by the worker; the API and the archive only read them.",
    ),
    "benchmarks.Recipient": Scoped(
        obj=lambda w: w.recipient_751,
        pages={"update": "benchmarks:recipient_update", "delete": "benchmarks:recipient_delete"},
        reason="Recipients are managed by STAR staff on pages; no API addresses one recipient.",
    ),
    "benchmarks.Dispatch": Scoped(
        obj=lambda w: w.dispatch_751,
        api="/api/v1/dispatches/{id}/",
        owner_status=403,
        reason="Dispatch rows are written by the dispatch service and read by STAR only; "
        "751's manager gets 403, 101's 404 (scoping comes first).",
    ),
}

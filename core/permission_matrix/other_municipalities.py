"""What a job-centre manager sees of other municipalities (CONTRACT.md §4), as data: rendered
into docs/permissions.md and checked by tests/test_other_municipalities.py (what is shown)
and tests/test_permission_matrix.py (404 for every scoped model listed as never shown).

Their **published statistics** — the values, ranks and peers that the benchmark shows for
comparison (jobindsats publishes the same) — appear inside the manager's own benchmark page,
API answer, CSV/XLSX and PDF. Nothing else of theirs: every object that belongs to another
municipality answers 404, and lists hold only his own rows."""

#: (what is shown, where) — always inside his own municipality's benchmark, never on a page or
#: API address of the other municipality (its benchmark page and API answer 404).
PUBLISHED = [
    (
        "Andre kommuners værdi og placering i rangkonteksten",
        "`rank_context` (kommunekode, navn, placering, værdi) på egen benchmarkside, i "
        "`/api/v1/benchmark/{egen kode}/`, CSV/XLSX og PDF; en diskretioneret værdi vises "
        "aldrig (`<5`, `null`)",
    ),
    (
        "Sammenlignelige kommuner (peers)",
        "`peers` (kommunekoder) på egen række, navnene på siden; båndet `peer_min`/`peer_max` "
        "(mindste og største peer-værdi pr. måned) i grafen og API'et",
    ),
    (
        "Landstal og regionstal",
        "`national_value`, `region_value` (summer over kommunerne, CONTRACT §6)",
    ),
]

#: Model label -> what it is, in Danish: never shown to another municipality's manager (404 on
#: every page and API address, absent from every list). Every municipality-scoped model except
#: the published statistics themselves (indicator values and their observations, whose rows
#: the values API also keeps to his own municipality) is listed.
NEVER = {
    "benchmarks.MunicipalTarget": "mål",
    "reforms.Question": "spørgsmål",
    "benchmarks.Report": "benchmarkrapporter (PDF)",
    "reforms.FollowUp": "opfølgninger",
    "reforms.FollowUpComment": "kommentarer til opfølgninger",
    "accounts.User": "brugere",
    "benchmarks.Recipient": "rapportmodtagere",
    "benchmarks.Dispatch": "forsendelser",
    "benchmarks.EvaluationSite": "evalueringssteder",
    "benchmarks.EvaluationScore": "evalueringsscorer",
    "benchmarks.EvaluationPdf": "evalueringsresultater (PDF)",
    "reforms.GrantAmount": "tilskudsbeløb",
}

#: Scoped models that hold the published statistics: shown only as listed in PUBLISHED.
STATISTICS = {"indicators.IndicatorValue", "indicators.Observation"}

SECTION = """
## Andre kommuners data (jobcenterchef)

CONTRACT.md §4: En jobcenterchef ser sin egen kommune. Af andre kommuner ser han kun deres
**offentliggjorte statistik** — de værdier, placeringer og peers, som benchmarken viser til
sammenligning (jobindsats offentliggør det samme) — og aldrig deres mål, spørgsmål, rapporter,
opfølgninger, brugere eller andre data (404). Erklæret i
`core/permission_matrix/other_municipalities.py`; `tests/test_other_municipalities.py` og
`tests/test_permission_matrix.py` kontrollerer det.

Vises til sammenligning — altid inde i hans egen kommunes benchmark; den anden kommunes
benchmarkside, eksport og API-svar giver 404, og `/api/v1/values/` giver kun hans egne rækker:

| Hvad | Hvor |
|---|---|
{published}

Vises aldrig (404 på hver side og API-adresse, fraværende i alle lister):

| Data | Model |
|---|---|
{never}
"""


def render_section():
    published = "\n".join(f"| {what} | {where} |" for what, where in PUBLISHED)
    never = "\n".join(f"| {name} | `{label}` |" for label, name in NEVER.items())
    return SECTION.format(published=published, never=never)

"""The guide's activities per phase (DOMAIN.md, guide §2): the seed of every phase's checklist.

Codes are stable: the warning rules in selectors.py recognise `legal_start_guide` and
`fix_indicators`.
"""

from django.utils.translation import gettext_noop as _noop

GUIDE_ACTIVITIES = {
    "prepare": [
        (
            "needs_dialogue",
            _noop("Identificere implementeringsbehov og -udfordringer i dialog med praktikere"),
        ),
        (
            "implementability",
            _noop("Gennemføre implementerbarhedsanalyse (workshop med udvalgte kommuner)"),
        ),
        ("budget", _noop("Vurdere budget til implementeringsunderstøttende aktiviteter")),
        ("it_sketch", _noop("Første skitse til model for IT-understøttelse")),
    ],
    "plan": [
        ("legal_start_guide", _noop("Juridisk startvejledning klar, før loven træder i kraft")),
        ("it_implementation", _noop("IT-implementering")),
        ("implementation_plan", _noop("Implementeringsplan og risikolog")),
        ("reform_page", _noop("Reformside til kommunerne")),
        ("stakeholder_dialogue", _noop("Dialog med KL og AK-Samvirke")),
        ("network_meetings", _noop("Tema- og netværksmøder samt jobcenterbesøg")),
        ("groups", _noop("Nedsætte styregruppe og evt. implementeringsgruppe og kommunenetværk")),
        ("fix_indicators", _noop("Fastlægge sigtelinjer og implementeringsindikatorer")),
        ("followup_plan", _noop("Plan for opfølgning og evaluering")),
        ("levers", _noop("Overveje implementeringsgreb og nudging")),
        ("communication_plan", _noop("Udarbejde kommunikationsplan")),
        ("service_level", _noop("Fastlægge serviceniveau (svarfrist, standard 14 dage)")),
    ],
    "initial": [
        ("launch_levers", _noop("Igangsætte implementeringsgreb")),
        ("feedback", _noop("Indsamle feedback fra kommunerne")),
        ("coordinate", _noop("Koordinere med interessenter")),
        ("monitor_indicators", _noop("Monitorere sigtelinjer og implementeringsindikatorer")),
        ("monitor_it", _noop("Monitorere IT-understøttelsen")),
        ("benchmarking", _noop("Udarbejde benchmarkingrapporter")),
        ("follow_risks", _noop("Følge aktiviteter og risici")),
    ],
    "final": [
        ("continued_monitoring", _noop("Fortsat monitorering")),
        ("adjust_levers", _noop("Justere implementeringsgreb")),
        ("dissemination", _noop("Formidlingsprojekter")),
        ("best_practice", _noop("Indsamle og udbrede god praksis")),
        ("evaluations", _noop("Analyser og evalueringer")),
    ],
}

LEGAL_START_GUIDE = "legal_start_guide"
FIX_INDICATORS = "fix_indicators"

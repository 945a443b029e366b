"""The main navigation: one entry per area, shown to the roles that may use it."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, who sees it): "star" = admin/staff, "reader" = admin/staff/steering,
# "jobcentre" = job-centre managers, "akasse" = a-kasse users, "asker" = job-centre managers and
# a-kasse users, "municipal" = readers and job-centre managers, "admin" = administrators, "all" =
# every logged-in user, "not_akasse" = every logged-in user but an a-kasse's.
MAIN_NAVIGATION = [
    ("home", _("Forside"), "reader"),
    ("reforms:list", _("Reformer"), "reader"),
    ("indicators:indicator_list", _("Indikatorer"), "star"),
    ("indicators:import_upload", _("Import"), "star"),
    ("benchmarks:overview", _("Benchmark"), "reader"),
    ("benchmarks:dashboard_index", _("Dashboard"), "reader"),
    ("reforms:followup_list", _("Opfølgning"), "municipal"),
    ("benchmarks:my_page", _("Min kommune"), "jobcentre"),
    ("benchmarks:report_list", _("Rapporter"), "municipal"),
    ("benchmarks:evaluation_list", _("Evalueringer"), "not_akasse"),
    ("reforms:question_list", _("Reformer og spørgsmål"), "asker"),
    ("indicators:municipality_list", _("Kommuner"), "reader"),
    ("accounts:user_list", _("Brugere"), "admin"),
]


def _audience_matches(user, audience):
    return {
        "all": True,
        "not_akasse": not user.is_akasse,
        "reader": user.is_star_reader,
        "star": user.is_star_staff,
        "admin": user.is_star_admin,
        "jobcentre": user.is_jobcentre,
        "akasse": user.is_akasse,
        "asker": user.is_jobcentre or user.is_akasse,
        "municipal": user.is_star_reader or user.is_jobcentre,
    }[audience]


def main_navigation(user, current_path=""):
    """[(url, label, active)] for user; entries whose page does not exist yet are left out."""
    if not user.is_authenticated:
        return []
    items = []
    for name, label, audience in MAIN_NAVIGATION:
        if not _audience_matches(user, audience):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return items

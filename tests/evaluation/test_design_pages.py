"""STAR staff design an evaluation on pages: a new round (numbered after the last), its status
opened for scoring, and a site of two municipalities in a cohort; others get 403."""

import datetime

import pytest
from django.urls import reverse

from benchmarks.models import EvaluationRound, EvaluationSite
from tests.evaluation_data import make_evaluation

pytestmark = pytest.mark.django_db


def test_staff_add_a_round_open_it_and_add_a_site_of_two_municipalities(users, client_for):
    ev = make_evaluation()
    slug = ev.evaluation.slug
    staff = client_for("staff")
    url = reverse("benchmarks:evaluation_round_create", args=[slug])
    assert 'value="3"' in staff.get(url).content.decode()  # the next free number
    response = staff.post(url, {"number": 3, "held_on": "2026-01-15", "status": "planned"})
    assert response.status_code == 302
    new = EvaluationRound.objects.get(evaluation=ev.evaluation, number=3)
    assert new.label == "Runde 3" and new.held_on == datetime.date(2026, 1, 15)
    clash = staff.post(url, {"number": 3, "held_on": "2026-02-01", "status": "planned"})
    assert clash.status_code == 200
    assert "allerede en runde med det nummer" in clash.content.decode()
    update = reverse("benchmarks:evaluation_round_update", args=[slug, new.pk])
    data = {"number": 3, "held_on": "2026-01-15", "status": "open"}
    assert staff.post(update, data).status_code == 302
    new.refresh_from_db()
    assert new.is_open
    site_url = reverse("benchmarks:evaluation_site_create", args=[slug])
    response = staff.post(
        site_url,
        {
            "name": "Forsøg Nord",
            "cohort": ev.cohorts[1].pk,
            "started_on": "2025-01-01",
            "municipalities": [101, 147],
        },
    )
    assert response.status_code == 302
    site = EvaluationSite.objects.get(name="Forsøg Nord")
    assert set(site.municipalities.values_list("code", flat=True)) == {101, 147}
    # København's manager now sees the new site, and may score it in the open round.
    jc101 = client_for("jc101")
    assert jc101.get(site.get_absolute_url()).status_code == 200
    scores = reverse("benchmarks:evaluation_scores", args=[site.pk, 3])
    assert jc101.get(scores).status_code == 200
    for role in ("steering", "jc751"):
        assert client_for(role).post(update, {**data, "status": "closed"}).status_code == 403
    new.refresh_from_db()
    assert new.is_open


def test_a_cohort_name_already_in_use_is_a_form_error_not_a_server_error(users, client_for):
    ev = make_evaluation()
    url = reverse("benchmarks:evaluation_cohort_create", args=[ev.evaluation.slug])
    taken = ev.cohorts[0].name
    before = ev.evaluation.cohorts.count()
    response = client_for("staff").post(url, {"name": taken, "order": 5})
    assert response.status_code == 200
    assert "allerede en kohorte med det navn" in response.content.decode()
    assert ev.evaluation.cohorts.count() == before
    fresh = client_for("staff").post(url, {"name": "Tredje hold", "order": 5})
    assert fresh.status_code == 302
    assert ev.evaluation.cohorts.count() == before + 1

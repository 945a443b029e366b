"""Networks and forums of a reform (issue 19 point 4): several per reform (a kommunenetværk per
region, AMK team-leader networks, BER, Implementeringsforum), with members, meetings, decisions
and action items through the same pages and services as the reform's groups."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators.models import Municipality
from reforms import selectors, services
from reforms.models import ActionItem, Group, Meeting, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def reform():
    return services.reform_create(name="Netværksreform", slug="netvaerksreform")


def test_a_reform_has_a_municipal_network_per_region_and_several_forums(reform, client_for):
    staff = client_for("staff")
    url = reverse("reforms:group_create", args=[reform.slug])
    for name, kind, region in [
        ("Kommunenetværk Midtjylland", "network", 1082),
        ("Kommunenetværk Hovedstaden", "network", 1084),
        ("AMK Øst teamledernetværk", "team_leaders", 1084),
        ("Beskæftigelsesrådet", "ber", ""),
        ("Implementeringsforum", "forum", ""),
    ]:
        response = staff.post(
            url, {"kind": kind, "name": name, "region": region, "description": ""}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert reform.groups.count() == 5
    # The same network twice in one region is refused in Danish; nothing is stored.
    again = staff.post(url, {"kind": "network", "name": "Igen", "region": 1082})
    assert again.status_code == 200
    assert "allerede et netværk af den type i regionen" in again.content.decode()
    # The internal groups stay one of each.
    assert staff.post(url, {"kind": "steering", "name": "S1"}).status_code == 302
    second = staff.post(url, {"kind": "steering", "name": "S2"})
    assert "Reformen har allerede en styregruppe" in second.content.decode()
    # BER belongs to no region.
    ber_region = staff.post(url, {"kind": "ber", "name": "BER 2", "region": 1084})
    assert "hører til en region" in ber_region.content.decode()
    assert reform.groups.count() == 6


def test_members_municipalities_in_municipal_networks_people_everywhere(reform):
    team = Group.objects.create(reform=reform, kind="team_leaders", name="Teamledere")
    ber = Group.objects.create(reform=reform, kind="ber", name="BER")
    person = Person.objects.create(name="Peter Friis", email="pf@star.example")
    aarhus = Municipality.objects.get(code=751)
    services.group_member_add(group=team, municipality=aarhus, role="Teamleder")
    services.group_member_add(group=team, person=person, role="Tovholder")
    services.group_member_add(group=ber, person=person, role="Sekretariat")
    with pytest.raises(ValidationError) as refused:
        services.group_member_add(group=ber, municipality=aarhus)
    assert "Kun kommunenetværk og teamledernetværk" in str(refused.value)
    assert team.members.count() == 2 and ber.members.count() == 1


def test_network_meeting_decisions_and_actions_work_as_for_groups(reform, client_for):
    network = Group.objects.create(reform=reform, kind="network", name="Kommunenetværk Syd")
    staff = client_for("staff")
    response = staff.post(
        reverse("reforms:meeting_create", args=[network.pk]),
        {
            "starts_at": "2026-03-02T10:00",
            "title": "Netværksmøde om virksomhedsrettede forløb",
            "location": "Odense",
            "agenda": "",
            "minutes": "",
            "decisions": "Kommunerne deler deres visitationsguides.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(group=network)
    response = staff.post(
        reverse("reforms:action_create", args=[meeting.pk]),
        {"text": "Saml visitationsguides", "owner": "", "due_date": "2026-03-20", "status": "open"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    action = ActionItem.objects.get(meeting=meeting)
    # An overdue action of a network meeting counts against the reform like a group's.
    overdue = selectors.overdue_items(reform, today=datetime.date(2026, 4, 1))
    assert action in overdue["actions"]
    page = staff.get(network.get_absolute_url()).content.decode()
    assert "Netværksmøde om virksomhedsrettede forløb" in page
    # Networks are STAR's: a job-centre manager gets 403.
    assert client_for("jc751").get(network.get_absolute_url()).status_code == 403


def test_api_creates_several_networks_one_per_region(reform, api_for):
    api = api_for("staff")
    first = api.post(
        "/api/v1/groups/",
        {"reform": reform.slug, "kind": "network", "name": "Midt", "region": 1082},
        format="json",
    )
    assert first.status_code == 201, first.json()
    assert first.json()["region"] == 1082
    second = api.post(
        "/api/v1/groups/",
        {"reform": reform.slug, "kind": "network", "name": "Syd", "region": 1083},
        format="json",
    )
    assert second.status_code == 201, second.json()
    again = api.post(
        "/api/v1/groups/",
        {"reform": reform.slug, "kind": "network", "name": "Midt 2", "region": 1082},
        format="json",
    )
    assert again.status_code == 400 and "region" in again.json()
    forum = api.post(
        "/api/v1/groups/", {"reform": reform.slug, "kind": "forum", "name": "IF"}, format="json"
    )
    assert forum.status_code == 201
    assert reform.groups.count() == 3
    assert api_for("jc751").post("/api/v1/groups/", {}, format="json").status_code == 403

"""The risklog demo step: plan and risks for every demo reform, idempotent."""

import datetime

from core.demo import DemoOptions
from reforms.models import Group, Reform
from risklog.demo import seed_plan_and_risks
from risklog.models import Assessment, Initiative, MitigationAction, Risk, StatusUpdate

OPTIONS = DemoOptions(seed=1, months=1, end=datetime.date(2026, 10, 1), password="x")


def counts():
    return [
        m.objects.count() for m in (Initiative, StatusUpdate, Risk, Assessment, MitigationAction)
    ]


def test_demo_step_does_nothing_without_reforms(users):
    assert seed_plan_and_risks(OPTIONS) is None
    assert counts() == [0, 0, 0, 0, 0]


def test_demo_step_fills_every_reform_once(users):
    a = Reform.objects.create(name="A", slug="a")
    Reform.objects.create(name="B", slug="b")
    Group.objects.create(reform=a, kind=Group.Kind.IMPLEMENTATION)
    seed_plan_and_risks(OPTIONS)
    first = counts()
    assert first == [8, 16, 6, 12, 8]
    assert Group.objects.get(reform=a).meetings.count() == 2
    seed_plan_and_risks(OPTIONS)
    assert counts() == first
    assert Group.objects.get(reform=a).meetings.count() == 2
    # The STAR demo user owns the demo risks, so his home page lists what is due.
    assert Risk.objects.filter(owner__user=users["staff"]).count() == 6

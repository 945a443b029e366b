"""World objects of grant tranches: a tranche of the matrix reform and a grant of 751."""

import datetime

from .world import builder


@builder
def grants_world(world):
    from reforms.models import GrantAmount, GrantTranche

    world.tranche = GrantTranche.objects.create(
        reform=world.reform, name="Rate 1", share=30, due=datetime.date(2025, 1, 1)
    )
    world.grant_751 = GrantAmount.objects.create(
        reform=world.reform, municipality_id=751, amount=1000
    )

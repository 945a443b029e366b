"""Demo data of the indicators app."""

from core.demo import demo_step

from .geography import load_geography
from .models import Municipality, Region


@demo_step(order=0)
def seed_geography(options):
    """The 98 municipalities (also loaded by migration; repeated here so seed_demo repairs)."""
    return f"{load_geography(Region, Municipality)} kommuner"

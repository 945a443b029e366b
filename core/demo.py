"""Demo data: each app registers a step; `seed_demo` runs them in order, idempotently."""

import dataclasses
import datetime
from importlib import import_module

from django.apps import apps

_STEPS = []


@dataclasses.dataclass(frozen=True)
class DemoOptions:
    seed: int
    months: int
    end: datetime.date  # first day of the last month with data
    password: str


def demo_step(order):
    """Register func(options) as a seed_demo step; lower order runs first."""

    def register(func):
        _STEPS.append((order, func))
        return func

    return register


def steps():
    """Registered steps in run order (imports every app's demo module first)."""
    for config in apps.get_app_configs():
        try:
            import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
    return [func for _, func in sorted(_STEPS, key=lambda item: item[0])]

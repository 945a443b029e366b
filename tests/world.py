"""Objects every URL-matrix row can refer to; each app adds a builder here."""

BUILDERS = []


def builder(func):
    """Register func(world) that adds attributes to the world namespace."""
    BUILDERS.append(func)
    return func


def build_world(world):
    for func in BUILDERS:
        func(world)
    return world


from . import (  # noqa: E402, F401
    world_benchmarks,
    world_imports,
    world_indicators,
    world_reforms,
    world_reforms_grants,
    world_reports,
    world_risklog,
    world_scope,
)

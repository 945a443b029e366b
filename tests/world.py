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


from . import world_reports  # noqa: E402,F401

"""What the home page shows each role: a registry other apps add panels to."""

_PANELS = []


def register_panel(func):
    """Register func(user) -> dict | None (title, template, context) for the home page."""
    _PANELS.append(func)
    return func


def home_panels(user):
    panels = []
    for func in _PANELS:
        panel = func(user)
        if panel:
            panels.append(panel)
    return panels

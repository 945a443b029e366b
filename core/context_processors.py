"""Template context shared by every page."""

from .navigation import main_navigation


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"main_navigation": main_navigation(user, request.path)}

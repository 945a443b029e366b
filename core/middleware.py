"""Danish first: the language is Danish unless the user chose another with the switch."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    """Like LocaleMiddleware, but ignores the browser's Accept-Language: a Danish agency's
    system speaks Danish until the user picks English (the choice is kept in a cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateNoStoreMiddleware:
    """Nothing a user is logged in to see is kept by a browser or proxy cache: every API
    answer, and every non-HTML answer (PDF, CSV, XLSX, JSON downloads) to a logged-in user,
    carries `Cache-Control: private, no-store`.

    API answers always get it (a token, a session or a 401 alike). A download whose view chose
    its own caching (public reference data such as the risk-level stylesheet) keeps it; HTML
    pages keep theirs (the benchmark page revalidates with its ETag)."""

    VALUE = "private, no-store"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        api = request.path.startswith(settings.API_PATH_PREFIX)
        if api or (
            not response.has_header("Cache-Control") and self._private_download(request, response)
        ):
            response["Cache-Control"] = self.VALUE
        return response

    @staticmethod
    def _private_download(request, response):
        content_type = response.get("Content-Type", "")
        if not content_type or content_type.startswith("text/html"):
            return False
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)

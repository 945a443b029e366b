"""Absolute links for e-mails, PDFs and anything read outside a request: always from
settings.SITE_URL, never from a request's Host header (which a client controls)."""

from django.conf import settings


def site_url(path=""):
    """SITE_URL + path ('/reforms/x/' -> 'https://star-impl.example/reforms/x/'); the site's
    root without a path."""
    return settings.SITE_URL.rstrip("/") + path

"""Reads of the benchmarks app: which municipality's benchmark a user may open."""

from django.http import Http404

from indicators.models import Municipality


def benchmark_municipality_for(*, user, code):
    """The municipality whose benchmark page user may open, else Http404 (no leak of whether
    another municipality exists)."""
    if user.is_jobcentre and user.municipality_id != code:
        raise Http404("Ingen adgang til denne kommune")
    if not (user.is_star_reader or user.is_jobcentre):
        raise Http404("Ingen adgang")
    try:
        return Municipality.objects.select_related("region").get(code=code)
    except Municipality.DoesNotExist as exc:
        raise Http404("Ukendt kommunekode") from exc

"""Reads of the indicators app."""

from django.db.models import OuterRef, Subquery

from .models import IndicatorValue, Observation


def with_data_as_of(values):
    """values (an IndicatorValue queryset) with what a figure's explanation reads for its data
    as-of date (indicators.explanation.value_data_as_of), in the same query: the run, and the
    import batch (and its time) of the numerator observation."""
    numerator_obs = Observation.objects.filter(
        measure_id=OuterRef("indicator__numerator_id"),
        municipality_id=OuterRef("municipality_id"),
        period=OuterRef("period"),
    )
    return values.select_related("run").annotate(
        import_batch_id=Subquery(numerator_obs.values("batch_id")[:1]),
        data_imported_at=Subquery(numerator_obs.values("batch__created_at")[:1]),
    )


def indicator_values():
    """IndicatorValue rows with what the explanation needs: the indicator and its measures,
    the run, and the import batch (and its time) of the numerator observation."""
    return with_data_as_of(
        IndicatorValue.objects.select_related(
            "indicator", "indicator__numerator", "indicator__denominator"
        )
    ).order_by("indicator__code", "period", "municipality_id")

"""Follow-up with each municipality ("opfølgning"): selectors, services, forms, pages and API of
the cases in reforms.models.followups."""

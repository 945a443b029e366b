"""What the benchmarks app does when other apps announce something (connected in
``BenchmarksConfig.ready``)."""

from django.core.exceptions import ValidationError

from .reports.services import reports_request_for_run


def computation_succeeded_request_reports(sender, run, **kwargs):
    """A succeeded computation requests the latest month's benchmark reports (rendered by the
    worker); a run that only back-filled older months requests none."""
    return reports_request_for_run(run=run)


def national_target_saved_update_followers(sender, instance, **kwargs):
    """A changed national target (or a newly loaded path) moves the target value of every
    municipal target that follows it (each save keeps its history)."""
    from core.services import model_save

    from .models import MunicipalTarget

    for target in MunicipalTarget.objects.filter(
        indicator_id=instance.indicator_id, follows_national=True
    ).select_related("indicator"):
        before = target.target_value
        try:
            target.full_clean()
        except ValidationError:
            continue  # the path no longer reaches the target date: keep the last value
        if target.target_value != before:
            model_save(target)

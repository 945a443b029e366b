"""compute_indicators [--period YYYY-MM] [--sync] [--force] (CONTRACT.md §3)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.periods import parse_period
from indicators.computation import computation_request, indicators_compute
from indicators.models import ComputationRun


class Command(BaseCommand):
    help = (
        "Beregner alle indikatorer for alle kommuner for perioden (standard: alle perioder med "
        "data). Uden --sync lægges beregningen i kø til Celery, og jobbets id udskrives."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", help="Måned, YYYY-MM (standard: alle perioder med data)")
        parser.add_argument("--sync", action="store_true", help="Beregn her og nu (ingen kø).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Skriv alle måneder om, også dem hvis tal ikke har ændret sig (kun med --sync).",
        )

    def handle(self, *args, period=None, sync=False, force=False, **options):
        periods = None
        if period:
            try:
                periods = [parse_period(period)]
            except ValueError as exc:
                raise CommandError(f"--period: {exc}") from exc
        if sync:
            run = ComputationRun.objects.create(
                trigger=ComputationRun.Trigger.COMMAND,
                periods=[p.strftime("%Y-%m") for p in periods or []],
            )
            try:
                run = indicators_compute(periods=periods, run=run, force=force)
            except Exception as exc:
                raise CommandError(f"Beregning #{run.pk} fejlede: {exc}") from exc
            self.stdout.write(
                f"run={run.pk} status={run.status} rows_written={run.rows_written} "
                f"rows_changed={run.rows_changed}"
            )
            return
        with transaction.atomic():
            run = computation_request(
                periods=periods, trigger=ComputationRun.Trigger.COMMAND, by=None
            )
        run.refresh_from_db()
        self.stdout.write(f"run={run.pk} task={run.task_id}")

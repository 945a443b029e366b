"""render_reports --period YYYY-MM [--municipality CODE] [--sync]: the month's benchmark PDFs."""

import time

from django.core.management.base import BaseCommand, CommandError

from benchmarks.models import Report
from benchmarks.reports import services as services_reports
from core.periods import parse_period
from indicators.models import Municipality


class Command(BaseCommand):
    help = "Danner den månedlige benchmarkrapport (PDF) for alle kommuner eller én kommune."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="Måned, ÅÅÅÅ-MM")
        parser.add_argument("--municipality", type=int, help="Kun denne kommunekode")
        parser.add_argument(
            "--sync", action="store_true", help="Dan rapporterne her i stedet for i workeren"
        )
        parser.add_argument(
            "--wait", action="store_true", help="Vent på workeren og vis fremdriften"
        )

    def handle(self, *args, **options):
        try:
            period = parse_period(options["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        codes = None
        if options["municipality"] is not None:
            code = options["municipality"]
            if not Municipality.objects.filter(code=code).exists():
                raise CommandError(f"ukendt kommunekode {code}")
            codes = [code]
        if options["sync"]:
            # Nothing is enqueued: the rows are rendered in this process, one by one.
            batch = services_reports.reports_request(
                period=period, municipalities=codes, enqueue=False
            )
            ids = list(
                batch.reports.filter(state=Report.State.PENDING)
                .filter(**({"municipality__in": codes} if codes else {}))
                .values_list("pk", flat=True)
            )
            failed = 0
            for n, report_id in enumerate(ids, 1):
                try:
                    services_reports.report_render(report_id=report_id)
                except services_reports.ReportRenderError as exc:
                    failed += 1
                    self.stderr.write(f"fejl: rapport {report_id}: {exc}")
                self.stdout.write(f"\r{n}/{len(ids)}", ending="")
            self.stdout.write("")
        else:
            batch = services_reports.reports_request(period=period, municipalities=codes)
            self.stdout.write(f"batch={batch.pk} period={batch.period_label} queued")
            if not options["wait"]:
                return
            while True:
                batch.refresh_from_db()
                counts = {s: batch.reports.filter(state=s).count() for s in Report.State.values}
                self.stdout.write(
                    f"done={counts['done']} failed={counts['failed']} pending={counts['pending']}"
                )
                if not counts["pending"]:
                    break
                time.sleep(2)
            failed = counts["failed"]
        done = batch.reports.filter(state=Report.State.DONE).count()
        self.stdout.write(f"batch={batch.pk} done={done} failed={failed}")
        if failed:
            raise CommandError(f"{failed} rapporter fejlede")

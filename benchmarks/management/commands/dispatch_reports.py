"""dispatch_reports --quarter YYYY-Qn [--dry-run]: e-mail each municipality its latest report
of the quarter, exactly once per municipality and quarter however often it runs."""

from django.core.management.base import BaseCommand, CommandError

from benchmarks.models import Dispatch
from benchmarks.reports import selectors as selectors_reports
from benchmarks.reports import services as services_reports


class Command(BaseCommand):
    help = "Sender kvartalets seneste benchmarkrapport til hver kommune (én gang pr. kvartal)."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", required=True, help="Kvartal, ÅÅÅÅ-Qn (fx 2024-Q2)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis hvem der får hvad, uden at sende"
        )
        parser.add_argument(
            "--sync", action="store_true", help="Send herfra i stedet for via workeren"
        )

    def handle(self, *args, **options):
        quarter = options["quarter"].upper().replace("K", "Q")
        try:
            selectors_reports.parse_quarter(quarter)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        plan = selectors_reports.dispatch_plan(quarter=quarter)
        missing = [r.municipality.name for r in plan if r.action == "no_recipients"]
        no_report = [r.municipality.name for r in plan if r.action == "no_report"]
        # Listed before anything is sent, never silently skipped.
        if missing:
            self.stdout.write(f"uden modtagere ({len(missing)}): {', '.join(missing)}")
        if no_report:
            self.stdout.write(f"uden rapport ({len(no_report)}): {', '.join(no_report)}")
        if options["dry_run"]:
            for row in plan:
                if row.action == "send":
                    to = ", ".join(r.email for r in row.recipients)
                    self.stdout.write(f"send {row.municipality.name}: {row.report.title} -> {to}")
            counts = {}
            for row in plan:
                counts[row.action] = counts.get(row.action, 0) + 1
            self.stdout.write(
                "dry-run "
                + " ".join(
                    f"{k}={counts.get(k, 0)}"
                    for k in ("send", "sent", "failed", "no_recipients", "no_report")
                )
            )
            return
        summary = services_reports.dispatch_request(quarter=quarter, enqueue=not options["sync"])
        if options["sync"]:
            for dispatch_id in Dispatch.objects.filter(
                quarter=quarter, status=Dispatch.Status.PENDING
            ).values_list("pk", flat=True):
                services_reports.dispatch_send(dispatch_id=dispatch_id)
            counts = {
                s: Dispatch.objects.filter(quarter=quarter, status=s).count()
                for s in Dispatch.Status.values
            }
        else:
            counts = {status: len(names) for status, names in summary.items()}
        self.stdout.write(
            f"quarter={quarter} queued={counts['pending']} sent={counts['sent']} "
            f"failed={counts['failed']} no_recipients={counts['no_recipients']} "
            f"no_report={counts['no_report']}"
        )

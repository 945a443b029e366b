"""fetch_jobindsats [--table T ...] [--periods P ...] [--dry-run] (CONTRACT.md §3)."""

import sys

from django.core.management.base import BaseCommand

from indicators.imports.jobindsats import JobindsatsError, jobindsats_fetch


class Command(BaseCommand):
    help = (
        "Henter nye perioder (eller de angivne) fra jobindsats' API v2 og importerer dem som en "
        "jobindsats-JSON-fil; alt eller intet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--table",
            nargs="+",
            dest="tables",
            metavar="T",
            help="tabeller (standard: alle tabeller i målingskortet, fx y30r21)",
        )
        parser.add_argument(
            "--periods",
            nargs="+",
            metavar="P",
            help="perioder, fx 2025QMAT03 eller 2025M08 (standard: dem der ikke er gemt endnu)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="hent og valider uden at gemme observationer"
        )

    def handle(self, *args, tables=None, periods=None, dry_run=False, **options):
        try:
            fetches = jobindsats_fetch(tables=tables, periods=periods, dry_run=dry_run)
        except JobindsatsError as exc:
            self.stderr.write(f"Hentningen fra jobindsats mislykkedes: {exc}. Intet er gemt.")
            sys.exit(1)
        for fetch in fetches:
            self.stdout.write(fetch.summary())
            if fetch.batch is None:
                self.stderr.write(f"{fetch.table}: ingen nye perioder hos jobindsats.")
            else:
                note = "Prøvekørsel: intet er gemt" if dry_run else "Gemt"
                self.stderr.write(
                    f"{fetch.table}: {note} (import #{fetch.batch.pk}; perioder: "
                    f"{', '.join(fetch.periods)})."
                )

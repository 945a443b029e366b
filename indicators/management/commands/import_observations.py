"""import_observations PATH [--format csv|xlsx|jobindsats-json] [--dry-run] (CONTRACT.md §3)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.imports import observations_import
from indicators.imports.validate import FORMATS


class Command(BaseCommand):
    help = (
        "Importerer observationer fra en CSV-, XLSX- eller jobindsats-JSON-fil (alt eller intet)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="filen der skal importeres")
        parser.add_argument("--format", choices=FORMATS, help="filformat (standard: filtypen)")
        parser.add_argument(
            "--dry-run", action="store_true", help="valider og vis ændringerne uden at gemme"
        )

    def handle(self, *args, path, format=None, dry_run=False, **options):  # noqa: A002
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"filen findes ikke: {path}")
        batch = observations_import(
            file=str(source), file_name=source.name, format=format, dry_run=dry_run
        )
        if batch.status == batch.Status.FAILED:
            for error in batch.error_list:
                self.stderr.write(str(error))
            self.stderr.write(
                f"Importen er afvist: {batch.error_count} fejl; intet er gemt (import #{batch.pk})."
            )
            sys.exit(1)
        self.stdout.write(
            f"created={batch.created} updated={batch.updated} "
            f"unchanged={batch.unchanged} skipped={batch.skipped} ignored={batch.ignored}"
        )
        note = "Prøvekørsel: intet er gemt" if dry_run else "Gemt"
        periods = ", ".join(batch.periods) or "ingen"
        run = f"; beregning #{batch.computation_run_id}" if batch.computation_run_id else ""
        self.stderr.write(f"{note} (import #{batch.pk}; berørte perioder: {periods}{run}).")

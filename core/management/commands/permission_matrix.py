"""Write the permission matrix (every page and API operation x every role -> expected status)
to docs/permissions.md, from the declarations the tests check (core/permission_matrix/)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.permission_matrix.table import render_markdown


class Command(BaseCommand):
    help = "Skriv adgangsmatricen til docs/permissions.md (--check: fejl hvis den er forældet)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "docs" / "permissions.md")
        )
        parser.add_argument(
            "--check", action="store_true", help="Skriv intet; fejl hvis filen er forældet."
        )

    def handle(self, *args, output, check, **options):
        text = render_markdown()
        path = Path(output)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} er forældet: kør manage.py permission_matrix")
            self.stdout.write(f"{path} er opdateret.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Skrev {path}.")

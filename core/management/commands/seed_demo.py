"""seed_demo [--seed N] [--months M] [--end YYYY-MM]: idempotent demo data (CONTRACT.md §3)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core.demo import DemoOptions, steps
from core.periods import parse_period


class Command(BaseCommand):
    help = "Opretter demodata (kommuner, demobrugere, reformer, indikatorer m.m.). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--months", type=int, default=36)
        parser.add_argument("--end", help="Sidste måned med data, YYYY-MM (standard: sidste måned)")

    def handle(self, *args, seed, months, end, **options):
        if getattr(settings, "IS_PRODUCTION", False):
            raise CommandError("seed_demo må ikke køre med produktionsindstillinger.")
        if months < 1:
            raise CommandError("--months skal være mindst 1.")
        if end:
            try:
                end_month = parse_period(end)
            except ValueError as exc:
                raise CommandError(f"--end: {exc}") from exc
        else:
            today = timezone.localdate()
            end_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        options = DemoOptions(
            seed=seed, months=months, end=end_month, password=settings.DEMO_PASSWORD
        )
        for step in steps():
            with transaction.atomic():
                result = step(options)
            if result:
                self.stdout.write(f"{step.__module__}.{step.__name__}: {result}")
        self.stdout.write(self.style.SUCCESS("Demodata er på plads."))

"""`python manage.py import_municipalities FILE.csv [--dry-run]`: bulk-import municipalities."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from cityprofiles.importer import RowError, import_municipalities, read_rows


class DryRunRollback(Exception):
    """Raised to undo a dry run."""


class Command(BaseCommand):
    help = (
        "Import municipalities from a CSV file (columns: name, country, and optionally region, kind, "
        "latitude, longitude, population, population_year, website, wikidata_id, geonames_id, lau_code, "
        "listing_reason, network, member_since, membership_status, source_url). Rows without coordinates "
        "are placed with the offline gazetteer. Re-importing updates entries instead of duplicating them."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, but change nothing.")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, csv_file, dry_run=False, no_progress=False, **options):
        try:
            rows = read_rows(csv_file)
        except FileNotFoundError:
            raise CommandError(f"No such file: {csv_file}") from None
        except (RowError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {csv_file}: {error}") from None

        def progress(items):
            return tqdm(items, desc="Importing", unit="row", file=sys.stderr, disable=no_progress)

        try:
            with transaction.atomic():
                report = import_municipalities(rows, progress)
                if dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            pass

        prefix = "Dry run, nothing saved: would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}created {report.created}, updated {report.updated} municipalities, "
            f"added {report.memberships} memberships; {len(report.problems)} rows not imported."
        )
        for line, name, reason in report.problems:
            self.stdout.write(f"  line {line}: {name or '(no name)'}: {reason}")

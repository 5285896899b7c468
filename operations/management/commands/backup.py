"""`python manage.py backup [--output PATH]`: the database and every media file in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from operations.backup import BackupError, create_backup


class Command(BaseCommand):
    """Write a backup archive (database dump, media files, manifest with counts and checksums)."""

    help = "Back up the database and the media files into one .tar.gz archive with a manifest."

    def add_arguments(self, parser):
        """--output: where the archive goes (default: movingcities-backup-<time>.tar.gz here)."""
        parser.add_argument("--output", "-o", help="path of the archive to write")

    def handle(self, *args, output=None, **options):
        """Write the archive and say what it holds."""
        path = Path(output or f"movingcities-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        try:
            manifest = create_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {manifest['database']['vendor']} database ({rows} rows) and "
                f"{len(manifest['media'])} media files to {path} ({path.stat().st_size} bytes)."
            )
        )

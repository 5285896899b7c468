"""`python manage.py restore PATH`: put back the database and the media files of a backup archive."""

import tarfile

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    """Replace the database and the media files with a backup made by `manage.py backup`."""

    help = (
        "Restore a backup archive made by `manage.py backup`: replaces the whole database and all "
        "media files, then empties the cache. Checksums are checked before anything is changed."
    )

    def add_arguments(self, parser):
        """PATH of the archive; --no-input skips the confirmation."""
        parser.add_argument("path", help="the .tar.gz archive written by `manage.py backup`")
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive", help="do not ask for confirmation"
        )

    def handle(self, *args, path, interactive=True, **options):
        """Ask, restore, and report whether every table holds the rows the manifest lists."""
        if interactive:
            answer = input(
                "This replaces the whole database and all media files with the backup's. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            manifest, differences = restore_backup(path)
        except (BackupError, OSError, tarfile.TarError) as error:
            raise CommandError(str(error)) from error
        if differences:
            listed = ", ".join(f"{label}: {want} expected, {got} found" for label, (want, got) in differences.items())
            raise CommandError(f"Restored, but the row counts differ from the backup's: {listed}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {path}: the database of {manifest['created_at']} ({sum(manifest['counts'].values())} rows) "
                f"and {len(manifest['media'])} media files."
            )
        )

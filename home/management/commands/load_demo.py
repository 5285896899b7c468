"""`python manage.py load_demo`: build the demo site from real, sourced facts (idempotent)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.demo import DemoLoader
from home.demo_files import DemoContentError


class Command(BaseCommand):
    help = "Create the demo site (networks, municipalities, profiles, practices). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Rewrite entries still marked as demo content from the files (editors' other entries stay).",
        )

    def handle(self, *args, refresh=False, **options):
        loader = DemoLoader(refresh=refresh, stdout=self.stdout)
        try:
            with transaction.atomic():
                created = loader.run()
        except DemoContentError as error:
            raise CommandError(f"Demo content is inconsistent: {error}") from error
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content created: {loader.summary()}."))
        else:
            self.stdout.write("Demo content already present; nothing to create.")
        if loader.skipped and options.get("verbosity", 1) > 1:
            self.stdout.write("Commitments left out (no sourced membership of the network that defines them):")
            for line in loader.skipped:
                self.stdout.write(f"  {line}")

"""`python manage.py seed_scale --municipalities 10000 --profiles 500 --practices 5000`: a large
site for measurement, on top of the demo content (safe to run again: it only tops up)."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from cityprofiles.scale import seed_site


class Command(BaseCommand):
    help = (
        "Build a large site for measurement: load the demo content if missing, then add municipalities "
        "(real places from the offline gazetteer, with network memberships and commitments), city profiles "
        "and good practices until the site has as many as asked for in all. Running it again adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=10_000, help="Municipalities in all (10000).")
        parser.add_argument("--profiles", type=int, default=500, help="City profiles in all (500).")
        parser.add_argument("--practices", type=int, default=5_000, help="Good practices in all (5000).")

    def handle(self, *args, municipalities, profiles, practices, **options):
        if min(municipalities, profiles, practices) < 0:
            raise CommandError("The numbers must not be negative.")
        if profiles > municipalities:
            raise CommandError(f"{profiles:,} profiles need at least as many municipalities, not {municipalities:,}.")
        start = time.perf_counter()
        call_command("load_demo", stdout=self.stdout)
        try:
            created = seed_site(municipalities, profiles, practices)
        except ValueError as error:
            raise CommandError(str(error)) from error
        problems = [p for p in Page.find_problems() if p]
        if problems:
            raise CommandError(f"The page tree has problems after seeding (run Page.fix_tree()): {problems}")
        took = time.perf_counter() - start
        if any(created.values()):
            summary = ", ".join(f"{n:,} {name}" for name, n in created.items())
            self.stdout.write(self.style.SUCCESS(f"Created {summary} in {took:.0f} s."))
        else:
            self.stdout.write(
                f"Already seeded: the site has at least {municipalities:,} municipalities, "
                f"{profiles:,} profiles and {practices:,} practices; nothing to add."
            )

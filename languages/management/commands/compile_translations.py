"""python manage.py compile_translations: the .mo files from the .po files (no gettext needed)."""

from django.core.management.base import BaseCommand

from languages.catalogues import compile_all


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/django.po into .mo files (pure Python, with polib)."

    def handle(self, *args, **options):
        written = compile_all()
        self.stdout.write(f"Compiled {len(written)} translation catalogues.")

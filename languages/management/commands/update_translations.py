"""python manage.py update_translations: collect new UI strings into every language's .po file."""

from django.conf import settings
from django.core.management.base import BaseCommand

from languages.catalogues import catalogue_path, extract, problems


class Command(BaseCommand):
    help = "Run makemessages for the site's languages (needs GNU gettext) and list what is left to translate."

    def handle(self, *args, **options):
        extract()
        for code, _name in settings.LANGUAGES:
            left = problems(catalogue_path(code))
            self.stdout.write(f"{code}: {len(left)} messages to translate or check")

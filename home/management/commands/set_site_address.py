"""`python manage.py set_site_address HOST PORT`: the default site's public address.

Links that leave a request behind (e-mails to submitters, the status page's link to what was
published) are built from the default Wagtail site's host name and port. `python3 dev.py start`
sets them to the address it serves, 127.0.0.1:8000; a deployment sets its own public host.
"""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


class Command(BaseCommand):
    help = "Set the default site's host name and port (the address e-mails link to)."

    def add_arguments(self, parser):
        parser.add_argument("hostname")
        parser.add_argument("port", type=int)

    def handle(self, *args, hostname, port, **options):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site yet: run migrate first.")
        if not 0 < port < 65536:
            raise CommandError(f"{port} is not a TCP port.")
        site.hostname, site.port = hostname, port
        site.save()
        self.stdout.write(f"The default site's address is now {site.root_url}.")

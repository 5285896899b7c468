"""App configuration for operations."""

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


class OperationsConfig(AppConfig):
    """Health checks, outage handling, structured request logs, backup and restore commands."""

    name = "operations"
    verbose_name = "Operations"

    def ready(self):
        """Connect the receiver that marks requests failed by a database outage."""
        from operations import outage

        outage.connect()
        post_migrate.connect(create_cache_tables, sender=self)


def create_cache_tables(using="default", verbosity=1, **kwargs):
    """After `migrate`: create the tables of database caches (production's cache without Redis), so no
    deployment step can forget them. Tables that exist are left alone."""
    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))

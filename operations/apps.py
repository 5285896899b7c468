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
        post_migrate.connect(create_cache_tables, dispatch_uid="operations.create_cache_tables")


def create_cache_tables(sender, using="default", verbosity=1, **kwargs):
    """After `migrate`: create the tables of database caches (production's cache without Redis), so no
    deployment step can forget them. Tables that exist are left alone.

    `post_migrate` is sent once per app with models (this app has none): the tables are made after the last."""
    from django.apps import apps

    if sender is not [config for config in apps.get_app_configs() if config.models_module][-1]:
        return
    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))

"""App configuration for operations."""

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Health checks, outage handling, structured request logs, backup and restore commands."""

    name = "operations"
    verbose_name = "Operations"

    def ready(self):
        """Connect the receiver that marks requests failed by a database outage."""
        from operations import outage

        outage.connect()

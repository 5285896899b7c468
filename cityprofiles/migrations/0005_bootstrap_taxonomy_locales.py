"""Existing policy fields and networks become the originals, in the default locale."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [("cityprofiles", "0004_translatable_taxonomy"), ("languages", "0001_locales")]

    operations = [
        BootstrapTranslatableModel("cityprofiles.PolicyField"),
        BootstrapTranslatableModel("cityprofiles.Network"),
    ]

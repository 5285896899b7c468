"""Moderators see the e-mail notifications (and may send a failed one again)."""

from django.db import migrations

CODENAMES = ["view_notification", "change_notification"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("submissions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(*Permission.objects.filter(content_type__app_label="submissions", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Moderators"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="submissions", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("submissions", "0003_notification")]

    operations = [migrations.RunPython(grant, revoke)]

"""The Moderators group: the people who see the submission queue and decide on it."""

from django.db import migrations


def create_moderators(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():  # make sure the permissions exist before assigning them
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    wanted = Permission.objects.filter(
        content_type__app_label="submissions", codename__in=["view_submission", "change_submission"]
    ) | Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    moderators.permissions.add(*wanted)


def remove_moderators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0001_initial"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_moderators, remove_moderators)]

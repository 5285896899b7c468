"""Moderators review municipalities asked for by listing requests: they may see, change and publish them."""

from django.db import migrations

CODENAMES = {
    "view_municipality": "Can view municipality",
    "change_municipality": "Can change municipality",
    "publish_municipality": "Can publish municipality",  # Wagtail creates it after migrating; made here first
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="cityprofiles", model="municipality")
    permissions = [
        Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]
        for codename, name in CODENAMES.items()
    ]
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Moderators"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="cityprofiles", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0006_published_status"),
        ("cityprofiles", "0007_municipality_draft_state"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

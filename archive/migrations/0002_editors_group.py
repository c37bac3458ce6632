"""The Editors group: add, change, view and publish all archive content; no users or groups."""

from django.db import migrations

from archive.editors import GROUP_NAME, grant_editor_permissions


def create_editors_group(apps, schema_editor):
    grant_editor_permissions(apps)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]

"""The Editors group's permissions, shared by the data migrations that create and extend it."""

from django.contrib.auth.management import create_permissions

GROUP_NAME = "Editors"
EDITOR_ACTIONS = ("add", "change", "view", "delete", "publish")


def grant_editor_permissions(apps):
    """Give the Editors group every archive permission of the listed kinds (none on users)."""
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    permissions = Permission.objects.filter(
        content_type__app_label="archive",
        codename__regex=r"^({})_".format("|".join(EDITOR_ACTIONS)),
    )
    group.permissions.add(*permissions)

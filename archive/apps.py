from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from archive import redirects  # noqa: F401
        from archive.names import services  # noqa: F401
        from archive.search import receivers  # noqa: F401
        from archive.transfer import downloads  # noqa: F401

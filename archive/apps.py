from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Every receiver of the archive, connected here and nowhere else (what each does:
        # docs/architecture.md, "What happens when ...").
        from archive import receivers
        from archive.names import services  # noqa: F401  (connects its receivers on import, for now)
        from archive.search import receivers as search_receivers
        from archive.transfer import downloads  # noqa: F401  (connects its receivers on import, for now)

        receivers.connect()
        search_receivers.connect()

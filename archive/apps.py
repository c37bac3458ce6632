from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Every receiver of the archive is connected here and nowhere else; what each one
        # does is in docs/architecture.md ("What happens when ...").
        from archive import receivers
        from archive.linking import receivers as linking_receivers
        from archive.names import receivers as names_receivers
        from archive.search import receivers as search_receivers
        from archive.transfer import receivers as transfer_receivers

        receivers.connect()
        search_receivers.connect()
        linking_receivers.connect()
        names_receivers.connect()
        transfer_receivers.connect()

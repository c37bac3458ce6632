"""The signal receivers of archive.transfer, connected by connect() (from ArchiveConfig.ready()).

- post_save, post_delete and m2m_changed of any archive record: the public bulk download
  files (archive.transfer.downloads) are built again on the next request. A bulk write that
  sends no signal still changes the digest of the published articles the files are keyed on.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from archive.transfer import downloads


def archive_content_changed(sender, **kwargs):
    if sender._meta.app_label == "archive":
        downloads.bump_version()


def connect():
    """Connect the receivers (idempotent: each has a dispatch_uid)."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(archive_content_changed, dispatch_uid="transfer-downloads-version")

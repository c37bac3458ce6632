"""The signal receivers of archive.transfer, connected by connect() (from ArchiveConfig.ready()).

- post_save, post_delete and m2m_changed of any archive record: the public bulk download
  files (archive.transfer.downloads) are built again on the next request. A bulk write that
  sends no signal still changes the digest of the published articles the files are keyed on.
- job_given_up of archive.jobs (a job whose workers died too often): the articles an import
  job had staged (archive.transfer.staging) are deleted at once, not left hidden, holding
  their slugs, until the next import job.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from archive.jobs.services import job_given_up
from archive.models import Job, StagedArticle
from archive.transfer import downloads, staging


def archive_content_changed(sender, **kwargs):
    if sender._meta.app_label == "archive":
        downloads.bump_version()


def import_given_up(sender, job, **kwargs):
    if job.kind == Job.Kind.IMPORT:
        staging.discard(StagedArticle.objects.filter(job=job))


def connect():
    """Connect the receivers (idempotent: each has a dispatch_uid)."""
    job_given_up.connect(import_given_up, dispatch_uid="transfer-import-given-up")
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(archive_content_changed, dispatch_uid="transfer-downloads-version")

"""Background jobs the editors can watch: what runs, for whom, how far it is, what it did."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One piece of long work run by a task worker (archive/jobs): an index rebuild, link
    detection over thousands of articles, an import. The task writes its progress here; the
    admin's job page reads it."""

    class Kind(models.TextChoices):
        REBUILD_SEARCH_INDEX = "rebuild_search_index", _("Rebuild the search index")
        DETECT_LINKS = "detect_links", _("Detect links")
        IMPORT = "import", _("Import")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Phase(models.TextChoices):
        READING = "reading", _("Reading")
        CHECKING = "checking", _("Checking")
        WRITING = "writing", _("Writing")
        LINKING = "linking", _("Linking")
        INDEXING = "indexing", _("Indexing")

    # Until the write starts a job may be cancelled and nothing has changed.
    CANCELLABLE_PHASES = ("", Phase.READING, Phase.CHECKING)
    UNFINISHED_STATES = (State.QUEUED, State.RUNNING)

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    title = models.CharField(_("what"), max_length=300)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="archive_jobs",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Succeeded: {"summary": str, "counts": {what: n}, "links": [{"label", "url"}]}.
    # Failed: {"summary": str, "errors": [{"file", "row", "column", "value", "why"}]}.
    result = models.JSONField(_("result"), default=dict, blank=True)
    # What the task needs that is not an argument (e.g. the article ids of a selection).
    params = models.JSONField(default=dict, blank=True, editable=False)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    # The running task's sign of life (archive.jobs.services): a running job whose heartbeat
    # is older than ARCHIVE_JOB_STALE_MINUTES lost its worker and is queued again or failed.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [
            models.Index(fields=["state", "created_at"], name="job_state_created_idx"),
            models.Index(fields=["started_by", "created_at"], name="job_user_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    state__in=["queued", "running", "succeeded", "failed", "cancelled"]
                ),
                name="job_state_valid",
            ),
        ]

    def __str__(self):
        return self.title or self.get_kind_display()

    def get_absolute_url(self):
        return reverse("admin:archive_job_change", args=[self.pk])

    @property
    def finished(self):
        return self.state not in self.UNFINISHED_STATES

    @property
    def can_cancel(self):
        return (
            not self.finished
            and not self.cancel_requested
            and self.phase in self.CANCELLABLE_PHASES
        )

    def is_stale(self, now=None):
        """Running, but no sign of life from its worker for ARCHIVE_JOB_STALE_MINUTES."""
        if self.state != self.State.RUNNING:
            return False
        last = self.heartbeat_at or self.started_at
        limit = datetime.timedelta(minutes=settings.ARCHIVE_JOB_STALE_MINUTES)
        return last is not None and (now or timezone.now()) - last > limit

    @property
    def percent(self):
        if self.state == self.State.SUCCEEDED:
            return 100
        if not self.total:
            return None
        return min(100, int(100 * self.done / self.total))

    def elapsed(self, now=None):
        """Seconds it has run (so far, or in all), None before it starts."""
        if self.started_at is None:
            return None
        end = self.finished_at or now or timezone.now()
        return max(0.0, (end - self.started_at).total_seconds())

    def remaining(self, now=None):
        """Seconds still to go at the pace so far, None when it cannot be told."""
        elapsed = self.elapsed(now)
        if self.finished or not elapsed or not self.total or not self.done:
            return None
        return elapsed * (self.total - self.done) / self.done


class StagedArticle(models.Model):
    """A new article an import job is writing in batches on SQLite (archive.transfer.staging):
    the article waits with the status articles.STAGED, shown to no one, until the job's last
    short transaction gives it `status`, or is deleted if the job fails or its worker dies."""

    article = models.OneToOneField(
        "archive.Article", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # Null once the job is deleted: nothing is writing the article any more.
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=10)  # the article's own, once shown

    class Meta:
        ordering = ["article"]
        verbose_name = _("article being imported")
        verbose_name_plural = _("articles being imported")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published"]),
                name="staged_article_status_valid",
            ),
        ]

    def __str__(self):
        return f"article {self.article_id} of job {self.job_id}"

    def get_absolute_url(self):
        # The job page says how far its write is; the article has no page until it is shown.
        return self.job.get_absolute_url() if self.job_id else ""

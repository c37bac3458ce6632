"""The staged write of an import job on SQLite: the file whole or not at all, and the
database's one write lock never held for longer than a batch.

SQLite lets one connection write at a time. Written in one transaction, a 200,000-row file
holds that lock for minutes, and another editor's save waits out its busy timeout and fails
("database is locked"). So an import job on SQLite writes its new articles a batch per
transaction, each with the status STAGED, which no page, list, feed, search or admin shows,
together with their links; the articles the file changes wait in a spool; one last short
transaction then writes the changes and gives every staged article its own status
(show_staged). Visitors and editors see the whole file at once, or nothing of it.

A failure deletes the staged articles (their links go with them); a worker that dies leaves
them, hidden, for the job's next run to delete before it checks the file again
(discard_abandoned). PostgreSQL locks rows, not the database: there an import stays one
transaction, as it does for the command line, whose run has no job to own what it stages.
"""

import logging
import time

from django.db import DatabaseError, connections, router, transaction
from django.db.models import Q

from archive.db import let_other_writers_in
from archive.models import STAGED, Article, Job, StagedArticle
from archive.transfer.spool import InstanceSpool
from archive.transfer.writer import insert_new, insert_rows

DISCARD_BATCH = 500
logger = logging.getLogger(__name__)


def stages(resource) -> bool:
    """Whether this import writes in batches (an import job, of articles, on SQLite)."""
    if (
        resource.stage_job is None
        or not resource.defer_refresh
        or resource._meta.model is not Article
    ):
        return False
    return connections[router.db_for_write(Article)].vendor == "sqlite"


def write_staged(resource):
    """resource.write() in batches: the new articles staged, then one short transaction."""
    job, alias, total = resource.stage_job, router.db_for_write(Article), len(resource.saved)
    fields = resource.get_bulk_update_fields()
    started, related, done, staged, longest = time.perf_counter(), 0.0, 0, 0, 0.0
    changed = InstanceSpool()
    try:
        resource.progress("writing", 0, total)
        for batch in resource.saved.batches():
            new = [article for article in batch if article._import_new]
            for article in batch:
                if not article._import_new:
                    changed.append(article)
            if new:
                begun = time.perf_counter()
                with transaction.atomic(using=alias):
                    related += _stage(resource, new, job)
                longest = max(longest, time.perf_counter() - begun)
                staged += len(new)
                between_batches()
            done += len(batch)
            resource.progress("writing", done, total)
        begun = time.perf_counter()
        logger.info("Job %s: %d staged, the last transaction begins", job.pk, staged)
        with transaction.atomic(using=alias):
            for batch in changed.batches():
                Article.objects.bulk_update(batch, fields, batch_size=1000)
                related_started = time.perf_counter()
                resource.write_related(batch)
                related += time.perf_counter() - related_started
                resource._note_written(batch)
            show_staged(job, staged)
        resource.timings["last transaction"] = time.perf_counter() - begun
    except BaseException:
        discard(StagedArticle.objects.filter(job=job))
        raise
    finally:
        changed.close()
    resource.timings["save"] = time.perf_counter() - started - related
    resource.timings["related"] = related
    resource.timings["longest batch transaction"] = longest
    logger.info("Staged write of job %s: %s", job.pk, resource.timings)


def between_batches():
    """The pause in which another editor's save gets the lock (no transaction is open)."""
    let_other_writers_in(router.db_for_write(Article))


def _stage(resource, articles, job) -> float:
    """Insert a batch of new articles hidden (STAGED), their links and their staging rows;
    returns the seconds spent on links."""
    statuses = [article.status for article in articles]
    for article in articles:
        article.status = STAGED
    insert_new(Article, articles, 1000)
    rows = []
    for article, status in zip(articles, statuses, strict=True):
        article.status = status  # the instance is the row as it will be shown
        rows.append((article.pk, job.pk, status))
    insert_rows(StagedArticle, ["article_id", "job_id", "status"], rows)
    started = time.perf_counter()
    resource.write_related(articles)
    resource._note_written(articles)
    return time.perf_counter() - started


def show_staged(job, expected):
    """Give the job's staged articles their own status (in the caller's transaction)."""
    shown = 0
    for status in (Article.Status.DRAFT, Article.Status.PUBLISHED):
        own = StagedArticle.objects.filter(job=job, status=status).values("article_id")
        shown += Article.objects.filter(status=STAGED, pk__in=own).update(status=status)
    _delete_rows("job_id = %s", [job.pk])
    if shown != expected:
        # Only a cleaner that took the job for dead could have removed them: start again.
        raise DatabaseError(
            f"{expected - shown} of the file's {expected} new articles were removed while it "
            "was being written (the job was taken for dead)"
        )


def discard_abandoned(job):
    """Delete what an earlier run of this job staged (its worker died), and what jobs that
    ended or are gone left staged: hidden articles that would hold their slugs."""
    ended = ~Q(job__state__in=Job.UNFINISHED_STATES)
    discard(StagedArticle.objects.filter(Q(job=job) | Q(job__isnull=True) | ended))


def discard(staged):
    """Delete the staged articles of a StagedArticle queryset, a short transaction a batch."""
    alias = router.db_for_write(Article)
    while True:
        with transaction.atomic(using=alias):
            pks = list(staged.values_list("article_id", flat=True)[:DISCARD_BATCH])
            if not pks:
                return
            Article.objects.filter(pk__in=pks, status=STAGED).delete()  # links go too
            _delete_rows("article_id IN ({})".format(", ".join(["%s"] * len(pks))), pks)


def _delete_rows(condition, params):
    """DELETE of StagedArticle rows in one statement: the ORM's delete() reads them first and
    deletes a hundred at a time (12 s for 20,000 rows, inside the last transaction)."""
    table = connections[router.db_for_write(StagedArticle)].ops.quote_name(
        StagedArticle._meta.db_table
    )
    with connections[router.db_for_write(StagedArticle)].cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {condition}", params)  # noqa: S608

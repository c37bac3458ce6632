"""The staged write of an import job on SQLite: the file whole or not at all, and the
database's one write lock never held for longer than a batch.

SQLite lets one connection write at a time. Written in one transaction, a 200,000-row file
holds that lock for minutes, and another editor's save waits out its busy timeout and fails
("database is locked"). So an import job on SQLite writes its new articles a batch per
transaction, each with the status STAGED, which no page, list, feed, search or admin shows,
together with their links and a StagedArticle row that keeps the status it will get; the
articles the file changes wait in a spool. Once every row is in, reveal() gives the new
articles their status, REVEAL_BATCH per transaction (giving a status rewrites every page an
article is on: 12 s for 200,000 in one transaction), and one last short transaction writes
the changes and deletes the StagedArticle rows: then the file is in.

Until then a failure deletes the file's new articles, shown or not (their links go with
them), so that nothing of the file is left; a worker that dies leaves them for the job's
next run to delete before it checks the file again (discard_abandoned). For the seconds of
reveal() a visitor may see part of the file's new articles, not yet its changes.
PostgreSQL locks rows, not the database: there an import stays one transaction. The command
line's import of articles on SQLite gets a job of its own (command_job) to own what it stages.
"""

import logging
import time

from django.db import DatabaseError, connections, router, transaction
from django.db.models import Q
from django.utils import timezone

from archive.caching import content_changed
from archive.db import delete_without_signals, let_other_writers_in
from archive.jobs.services import fail, finish
from archive.linking import unmatched
from archive.models import STAGED, Article, Job, StagedArticle, UnmatchedMention
from archive.transfer.spool import InstanceSpool
from archive.transfer.writer import insert_new, insert_rows

DISCARD_BATCH = 500
REVEAL_BATCH = 5_000
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
        logger.info("Job %s: %d staged, shown %d at a time", job.pk, staged, REVEAL_BATCH)
        shown = reveal(job)
        resource.timings["reveal"] = time.perf_counter() - begun
        begun = time.perf_counter()
        with transaction.atomic(using=alias):
            for batch in changed.batches():
                Article.objects.bulk_update(batch, fields, batch_size=1000)
                related_started = time.perf_counter()
                resource.write_related(batch)
                related += time.perf_counter() - related_started
                resource._note_written(batch)
            _check_shown(staged, shown)
            _delete_rows("job_id = %s", [job.pk])
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


def reveal(job) -> int:
    """Give the job's staged articles their own status, REVEAL_BATCH of them per transaction
    (pausing between two), oldest first; returns how many were shown. A transaction for all
    would hold the lock for as long as it takes to rewrite every page they are on (12 s for
    200,000 on this machine). Their staging rows stay until the last transaction, so a
    failure after this still deletes them all (discard)."""
    shown = 0
    alias = router.db_for_write(Article)
    ids = StagedArticle.objects.filter(job=job).order_by("article_id")
    ids = list(ids.values_list("article_id", flat=True))
    for start in range(0, len(ids), REVEAL_BATCH):
        low, high = ids[start], ids[min(start + REVEAL_BATCH, len(ids)) - 1]
        with transaction.atomic(using=alias):
            for status in (Article.Status.DRAFT, Article.Status.PUBLISHED):
                own = StagedArticle.objects.filter(
                    job=job, status=status, article_id__gte=low, article_id__lte=high
                ).values("article_id")
                shown += Article.objects.filter(status=STAGED, pk__in=own).update(status=status)
        between_batches()
    return shown


def _check_shown(expected, shown):
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
    """Delete the articles of a StagedArticle queryset, a short transaction a batch: hidden
    ones, and those reveal() had already shown (the file is then deleted whole). Without the
    receivers of a deletion: nothing was counted, indexed or kept in the history for them
    yet, and they would cost 15 ms an article (an hour for 200,000)."""
    alias = router.db_for_write(Article)
    touched = set()
    while True:
        with transaction.atomic(using=alias):
            pks = list(staged.values_list("article_id", flat=True)[:DISCARD_BATCH])
            if not pks:
                break
            mentions = UnmatchedMention.objects.filter(article_id__in=pks)
            touched.update(mentions.values_list("unmatched_id", flat=True))
            # Their links and staging rows go with them.
            delete_without_signals(Article.objects.filter(pk__in=pks))
        between_batches()
    if touched:
        unmatched.refresh_counts(touched)
    content_changed(alias)  # reveal() may have shown some


def _delete_rows(condition, params):
    """DELETE of StagedArticle rows in one statement: the ORM's delete() reads them first and
    deletes a hundred at a time (12 s for 20,000 rows, inside the last transaction)."""
    connection = connections[router.db_for_write(StagedArticle)]
    table = connection.ops.quote_name(StagedArticle._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {condition}", params)  # noqa: S608


def command_job(model_key, name, dry_run=False):
    """A job for a command-line import that stages its write (articles, on SQLite), so that
    the rows it stages have an owner (listed on the admin's Jobs page as it runs); None
    when the import is one transaction."""
    if dry_run or model_key != "articles":
        return None
    if connections[router.db_for_write(Article)].vendor != "sqlite":
        return None
    now = timezone.now()
    job = Job.objects.create(
        kind=Job.Kind.IMPORT,
        title=f"import_archive {model_key} {name}"[:200],
        state=Job.State.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=1,
        params={"command": "import_archive", "model_key": model_key, "name": name},
    )
    discard_abandoned(job)
    return job


def end_command_job(job, outcome):
    """Record how a command_job() run ended (an interrupted one as failed)."""
    if outcome is not None and outcome.ok:
        finish(job, {"summary": outcome.summary(), "counts": outcome.totals, "links": []})
        return
    summary = outcome.summary() if outcome is not None else "Interrupted: nothing was written."
    fail(job, {"summary": summary, "errors": []})

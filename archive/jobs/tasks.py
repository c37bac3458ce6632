"""The archive's own long work as tasks: the search index, link detection, publishing.

Each job task takes the Job's id (the task queue carries ids, never objects) and is wrapped by
services.job_task; publish_due_articles is a plain task the worker also runs every minute.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from archive import caching, history
from archive.db import BATCH_SIZE, chunked, let_other_writers_in
from archive.jobs.services import (
    JobCancelled,
    begin_writing,
    cancel_requested,
    close_side_connection,
    job_task,
    report_progress,
    report_progress_outside,
)
from archive.linking import derived
from archive.linking.detection import DetectionReport, build_matcher, detect_links
from archive.models import Article, Job
from archive.search import optimize_index, rebuild_index, reindex_articles

# How many changed articles a job's result links to (the counts cover all of them).
RESULT_LINKS = 100


@task()
@job_task
def rebuild_search_index(job):
    total = Article.objects.published().count()
    report_progress(job, Job.Phase.READING, 0, total)
    if cancel_requested(job):
        raise JobCancelled
    # Search answers from the old index until this transaction commits.
    begin_writing(job, Job.Phase.INDEXING, 0, total)

    def on_progress(phase, done, of):
        report_progress_outside(job, Job.Phase.INDEXING, done, of)

    try:
        with transaction.atomic():
            counts = rebuild_index(progress=on_progress)
    finally:
        close_side_connection(job)
    optimize_index()
    summary = _("Search index rebuilt: %(counts)s.") % {
        "counts": ", ".join(f"{n} {kind}(s)" for kind, n in counts.items())
    }
    return {"summary": summary, "counts": counts, "links": []}


@task()
@job_task
def detect_links_in_articles(job):
    """Link detection over the articles in job.params["article_ids"], a batch at a time (one
    transaction each, so the page sees the progress), with one matcher for all."""
    ids = sorted({int(pk) for pk in job.params.get("article_ids", [])})
    report_progress(job, Job.Phase.READING, 0, len(ids))
    matcher = build_matcher()
    if cancel_requested(job):
        raise JobCancelled
    begin_writing(job, Job.Phase.LINKING, 0, len(ids))
    report = DetectionReport()
    done = 0
    for chunk in chunked(ids, BATCH_SIZE):
        part = detect_links(Article.objects.filter(pk__in=chunk), matcher=matcher)
        report.articles += part.articles
        report.changes.extend(part.changes)
        report.unmatched_mentions += part.unmatched_mentions
        done += len(chunk)
        report_progress(job, Job.Phase.LINKING, done, len(ids))
        let_other_writers_in()  # on SQLite another editor's save gets in between batches
    return {
        "summary": report.summary(),
        "counts": {
            "articles": report.articles,
            "changed": len(report.changes),
            "sessions_added": report.sessions_added,
            "people_added": report.people_added,
            "sessions_removed": report.sessions_removed,
            "people_removed": report.people_removed,
            "unmatched_mentions": report.unmatched_mentions,
        },
        "links": [
            {
                "label": change.describe(),
                "url": reverse("admin:archive_article_change", args=[change.article_id]),
            }
            for change in report.changes[:RESULT_LINKS]
        ],
    }


def publish_due(now=None):
    """Publish every draft whose publish_at has come; returns their ids. The pages, search,
    feeds and sitemap show them from then on, and not before."""
    now = now or timezone.now()
    with transaction.atomic():
        due = Article.objects.drafts().filter(publish_at__isnull=False, publish_at__lte=now)
        ids = list(due.values_list("pk", flat=True))
        if not ids:
            return []
        Article.objects.drafts().filter(pk__in=ids).update(
            status=Article.Status.PUBLISHED, publish_at=None
        )
        reindex_articles(ids)
        derived.changed(ids)
        caching.content_changed()
        history.record_change(
            None, Article.objects.filter(pk__in=ids), _("Published at its scheduled time.")
        )
    return ids


@task()
def publish_due_articles():
    """Enqueued for an article's publish_at (and run by the worker every minute)."""
    return len(publish_due())


def schedule_publishing(article):
    """Enqueue publish_due_articles for the article's publish_at when the backend can defer a
    task; otherwise the worker's minute-by-minute run publishes it."""
    if article.publish_at is None or article.status != Article.Status.DRAFT:
        return
    if not publish_due_articles.get_backend().supports_defer:
        return
    when = article.publish_at
    transaction.on_commit(lambda: publish_due_articles.using(run_after=when).enqueue())

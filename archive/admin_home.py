"""The admin's home page: what needs doing, each count a link to the list that shows it.

Four queries whatever the archive's size (one per table, counting with filters), and only
what the editor may see.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from archive.models import Article, Job, Quote, UnmatchedName

# Failed jobs stay on the home page this many days; older ones are in the jobs list.
RECENT_FAILURE_DAYS = 7


@dataclass(frozen=True)
class Task:
    label: str
    count: int
    url: str
    urgent: bool = False  # something went wrong, not just work waiting


def _changelist(model, **filters):
    url = reverse(f"admin:archive_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def _may_view(user, model):
    return user.has_perm(f"archive.view_{model._meta.model_name}")


def what_needs_doing(user, now=None):
    """The home page's list of tasks, in the order an editor would take them."""
    now = now or timezone.now()
    tasks = []
    if _may_view(user, Article):
        articles = Article.objects.drafts().aggregate(
            drafts=Count("pk"), scheduled=Count("pk", filter=Q(publish_at__isnull=False))
        )
        tasks.append(
            Task(_("Drafts"), articles["drafts"], _changelist(Article, status__exact="draft"))
        )
        tasks.append(
            Task(
                _("Scheduled to publish"),
                articles["scheduled"],
                _changelist(Article, status__exact="draft", publish_at__isnull="False"),
            )
        )
    if _may_view(user, Quote):
        tasks.append(
            Task(
                _("Quotes to review"),
                Quote.objects.suggestions().count(),
                _changelist(Quote, reviewed__exact="0"),
            )
        )
    if _may_view(user, UnmatchedName):
        pending = UnmatchedName.Status.PENDING
        tasks.append(
            Task(
                _("Unmatched names"),
                UnmatchedName.objects.filter(status=pending).count(),
                _changelist(UnmatchedName, status=pending),
            )
        )
    if _may_view(user, Job):
        since = timezone.localdate(now) - timedelta(days=RECENT_FAILURE_DAYS)
        jobs = Job.objects.aggregate(
            running=Count("pk", filter=Q(state__in=Job.UNFINISHED_STATES)),
            failed=Count("pk", filter=Q(state=Job.State.FAILED, created_at__date__gte=since)),
        )
        tasks.append(
            Task(
                _("Jobs queued or running"),
                jobs["running"],
                _changelist(Job, state__in=",".join(Job.UNFINISHED_STATES)),
            )
        )
        tasks.append(
            Task(
                _("Jobs failed in the last 7 days"),
                jobs["failed"],
                _changelist(
                    Job, state__exact=Job.State.FAILED, created_at__date__gte=since.isoformat()
                ),
                urgent=True,
            )
        )
    return tasks

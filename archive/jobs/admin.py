"""The editors' view of background jobs: a list of recent jobs and a page per job with a
progress bar, kept up to date by static/js/job-progress.js polling status/ (and by a meta
refresh with JavaScript off), a Cancel button until the write starts, and the result."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.admin_search import AnyCaseSearchMixin
from archive.jobs import services, tasks
from archive.models import Job

# Seconds between two refreshes of a running job's page (the script and the meta refresh).
REFRESH_SECONDS = 2


def duration_text(seconds):
    """'45 s', '3 min 20 s', '2 h 05 min'; '' when unknown."""
    if seconds is None:
        return ""
    seconds = round(seconds)
    if seconds < 60:
        return _("%(s)d s") % {"s": seconds}
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return _("%(m)d min %(s)02d s") % {"m": minutes, "s": seconds}
    hours, minutes = divmod(minutes, 60)
    return _("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}


def progress_text(job):
    """'1,500 of 12,000 (12%)', or what is known of it."""
    if not job.total:
        return number_format(job.done, force_grouping=True) if job.done else ""
    return _("%(done)s of %(total)s (%(percent)d%%)") % {
        "done": number_format(job.done, force_grouping=True),
        "total": number_format(job.total, force_grouping=True),
        "percent": job.percent or 0,
    }


def job_status(job, now=None):
    """What the job page shows, as JSON for its script."""
    now = now or timezone.now()
    return {
        "id": job.pk,
        "state": job.state,
        "state_label": job.get_state_display(),
        "phase": job.phase,
        "phase_label": job.get_phase_display() if job.phase else "",
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "progress": progress_text(job),
        "elapsed": duration_text(job.elapsed(now)),
        "remaining": duration_text(job.remaining(now)),
        "finished": job.finished,
        "can_cancel": job.can_cancel,
        "cancel_requested": job.cancel_requested,
        "summary": stale_text(job, now) or (job.result or {}).get("summary", ""),
    }


def stale_text(job, now=None):
    """What an editor reads of a running job whose worker went silent (services.recover)."""
    if not job.is_stale(now):
        return ""
    return _(
        "No sign of life from the worker for over %(minutes)d minutes: it has probably "
        "stopped. A worker queues the job again (or marks it failed) within a minute."
    ) % {"minutes": int(settings.ARCHIVE_JOB_STALE_MINUTES)}


@admin.register(Job)
class JobAdmin(AnyCaseSearchMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "state", "phase", "progress", "started_by", "created_at"]
    list_filter = ["state", "kind", ("started_by", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["started_by"]
    search_fields = ["title"]
    date_hierarchy = "created_at"
    change_list_template = "admin/archive/job/change_list.html"
    actions = None

    @admin.display(description=gettext_lazy("progress"))
    def progress(self, job):
        return progress_text(job) or "-"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Finished jobs only: a running one would go on without its record.
        return super().has_delete_permission(request, obj) and (obj is None or obj.finished)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/status/", wrap(self.status_view), name="archive_job_status"),
            path("<int:pk>/cancel/", wrap(self.cancel_view), name="archive_job_cancel"),
            path(
                "rebuild-search-index/",
                wrap(self.rebuild_index_view),
                name="archive_job_rebuild_search_index",
            ),
            *super().get_urls(),
        ]

    def _job(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = Job.objects.select_related("started_by").filter(pk=pk).first()
        if job is None:
            raise Http404(_("No such job: it may have been deleted."))
        return job

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            pk = int(object_id)
        except ValueError:
            raise Http404(_("No such job.")) from None
        job = self._job(request, pk)
        result = job.result or {}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": str(job),
            "job": job,
            "status": job_status(job),
            "counts": sorted((result.get("counts") or {}).items()),
            "links": result.get("links") or [],
            "errors": result.get("errors") or [],
            # An import's preview (archive/transfer/tasks.py): what would change, what would
            # be lost, the first rows' changes and the Confirm import button.
            "preview": result.get("preview"),
            "warnings": result.get("warnings") or [],
            "warning_count": result.get("warning_count") or 0,
            "notes": result.get("notes") or [],
            "confirm_url": result.get("confirm_url", "")
            if job.state == Job.State.SUCCEEDED
            else "",
            "confirmed_job": result.get("confirmed_job"),
            "refresh_seconds": REFRESH_SECONDS,
            "status_url": reverse("admin:archive_job_status", args=[job.pk]),
            "cancel_url": reverse("admin:archive_job_cancel", args=[job.pk]),
            "may_cancel": self._may_cancel(request),
            **(extra_context or {}),
        }
        response = TemplateResponse(request, "admin/archive/job/detail.html", context)
        add_never_cache_headers(response)
        return response

    def status_view(self, request, pk):
        response = JsonResponse(job_status(self._job(request, pk)))
        add_never_cache_headers(response)
        return response

    def _may_cancel(self, request):
        return request.user.has_perm("archive.change_job")

    def cancel_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._job(request, pk)
        if not self._may_cancel(request):
            raise PermissionDenied
        if services.request_cancel(job):
            self.message_user(request, _("The job is being cancelled."), messages.SUCCESS)
        else:
            self.message_user(
                request,
                _("Too late to cancel: the job has started writing or has finished."),
                messages.WARNING,
            )
        return redirect(job)

    def rebuild_index_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("archive.add_job"):
            raise PermissionDenied
        job = services.start(
            Job.Kind.REBUILD_SEARCH_INDEX, tasks.rebuild_search_index, user=request.user
        )
        self.message_user(
            request, _("The search index is being rebuilt: follow it here."), messages.SUCCESS
        )
        return redirect(job)

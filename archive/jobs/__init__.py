"""Background jobs: long work run by a task worker, with progress the editors can watch.

Owns the job machinery (services: start a job, report progress, finish, fail, cancel), the
queue's health (queue: how long the oldest task has waited), the tasks of the archive's own
long work (tasks: rebuilding the search index, link detection over many articles, scheduled
publishing) and the admin's job pages (admin, with static/admin/archive/job-progress.js).
The Job model is archive.models.Job (archive/models/jobs.py).

Tasks go through Django's Tasks framework (the django-tasks backport; django.tasks from
Django 6); which backend runs them is a setting (ARCHIVE_TASKS_BACKEND, docs/deploy.md).

May import: archive.models, archive.caching, archive.history, archive.db, archive.search,
archive.linking, archive.names and Django. Must not import archive.site, archive.api or
archive.transfer (the imports' tasks will live in transfer and call these services);
pyproject.toml's layers contract places jobs below transfer and above names.
"""

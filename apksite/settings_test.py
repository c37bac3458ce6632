"""Test settings: the real settings (CSP, axes and the security headers included) with fast
hashing, plain static storage and a local cache."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Deterministic and self-contained: each process its own memory cache (never Redis, even if
# REDIS_URL is set), and no page caching unless a test turns it on (tests/test_production.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ARCHIVE_PAGE_CACHE_SECONDS = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run at once inside the test (tests/jobs override it with the dummy backend to see a
# job wait, and run a real db_worker in a subprocess).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

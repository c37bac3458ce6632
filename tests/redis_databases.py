"""The Redis databases the tests use. Two suites on one machine at once (.ci/run runs the
SQLite and the PostgreSQL pass side by side) must not share one: a job queued by one would be
run by the other's worker, a flush would empty the other's cache. TEST_REDIS_DATABASES names
a suite's two (default "14,15")."""

import os


def redis_url_for_tests(slot: int) -> str:
    """redis://127.0.0.1:6379/N for slot 0 (job queues) or 1 (caches) of this suite."""
    numbers = os.environ.get("TEST_REDIS_DATABASES", "14,15").split(",")
    return f"redis://127.0.0.1:6379/{int(numbers[slot])}"

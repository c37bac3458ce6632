"""/healthz for load balancers: 200 when the database answers, every migration is applied and
the task queue moves (no task has waited ARCHIVE_QUEUE_STUCK_MINUTES for a worker).

A server that cannot reach its database, or runs code whose migrations have not been applied
yet (a deploy half done), answers 503 and is taken out of rotation. The answer names the
failing check but never an error message: it is public.
"""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from archive.jobs.queue import stuck_reason

# Migrations applied stay applied while this code runs; a new deploy is a new process.
_migrations_known_applied = False


def unapplied_migrations():
    """Names of the migrations this code has that the database has not applied."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def check_database():
    global _migrations_known_applied
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return {"database": "unreachable"}
    if _migrations_known_applied:
        return {"database": "ok", "migrations": "ok"}
    try:
        pending = unapplied_migrations()
    except DatabaseError:
        return {"database": "ok", "migrations": "unknown"}
    if pending:
        return {"database": "ok", "migrations": f"{len(pending)} not applied"}
    _migrations_known_applied = True
    return {"database": "ok", "migrations": "ok"}


def check_queue():
    try:
        reason = stuck_reason()
    except Exception:  # the queue's own store (Redis, its table) unreachable: say so, no 500
        return {"queue": "unknown"}
    return {"queue": f"stuck: {reason}" if reason else "ok"}


@require_safe
def healthz(request):
    checks = check_database()
    if checks.get("migrations") == "ok":
        checks.update(check_queue())
    healthy = all(value == "ok" for value in checks.values()) and len(checks) == 3
    response = JsonResponse(
        {"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503
    )
    add_never_cache_headers(response)
    return response

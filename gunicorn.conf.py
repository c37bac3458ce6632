"""gunicorn settings for `make serve` (docs/deploy.md). Each can be set from the environment.

Sync workers, 2 x cores + 1 of them: Django's work is mostly waiting on the database, and
each worker holds one persistent database connection (CONN_MAX_AGE).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A request is cut off after this long: the worker is replaced, the others keep serving.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Replace each worker after a while, staggered, so no slow leak can grow without limit; at
# 1,000 requests/s over 5 workers that is every 8 minutes or so (5,000 recycled a worker every
# few seconds, each restart a cold start).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
# Only the proxy in front (the same machine by default) may say a request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
wsgi_app = "apksite.wsgi:application"

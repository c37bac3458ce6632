"""Settings for the APK Archive, read from the environment (12-factor).

DJANGO_DEBUG, DJANGO_SECRET_KEY (required unless debugging), DJANGO_ALLOWED_HOSTS and
DATABASE_URL (unset: a SQLite file in the project folder). With DJANGO_DEBUG off these are
the production settings (`manage.py check --deploy` is clean); docs/deploy.md lists every
variable: REDIS_URL, DJANGO_HTTPS, DJANGO_SECURE_PROXY_SSL_HEADER, DJANGO_ADMIN_URL ...
"""

import os
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-only"  # noqa: S105 - debug only

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "axes",
    "reversion",
    "django_tasks",
    "django_tasks_db",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",  # pages; whitenoise serves static files compressed
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of the path (/ru/, /kk/, none: English); the editor's in the admin.
    "archive.languages.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Which database this request reads from: a replica for visitors, else the primary.
    "archive.replicas.ReplicaMiddleware",
    # Inside the header-adding middleware above, so cached pages get fresh headers too.
    "archive.caching.PublicPageCacheMiddleware",
    # Last, so it sees the views' own 404s: an old slug becomes a 301 to the current URL.
    "archive.redirects.OldSlugRedirectMiddleware",
]

ROOT_URLCONF = "apksite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "archive.site.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "apksite.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections in production (checked before reuse): no connect per request.
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0" if DEBUG else "600")),
        conn_health_checks=True,
    )
}
# SQLite shared by several gunicorn workers and an importing editor: WAL lets readers go on
# while one writer writes; a writer waits up to 20 s for another instead of failing; and
# IMMEDIATE transactions take the write lock at BEGIN, so a transaction that reads and then
# writes cannot hit the deadlock SQLite reports at once as "database is locked".
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
# PostgreSQL without JIT compilation: page queries over 100,000 articles (a count per person)
# pass the plan cost at which it starts, and compiling took 40-150 ms for queries that then
# ran in 10-40 ms (docs/performance.md, Load).
POSTGRESQL_OPTIONS = {"options": "-c jit=off"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        **POSTGRESQL_OPTIONS,
        **DATABASES["default"].get("OPTIONS", {}),
    }

# Read replicas (archive/replicas.py): DATABASE_REPLICA_URLS, comma separated PostgreSQL
# streaming replicas of DATABASE_URL, become the aliases replica1, replica2 ... Visitors' pages
# read from one of them; writes, the admin, editors, transactions, the rest of a request that
# wrote, background jobs and migrations stay on the primary. Unset: no router, as before.
ARCHIVE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _replica = dj_database_url.parse(
        _url,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    if _replica["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS lists PostgreSQL replicas only.")
    _replica["OPTIONS"] = {**POSTGRESQL_OPTIONS, **_replica.get("OPTIONS", {})}
    # Tests never create databases on a replica: it is the primary's copy.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
    ARCHIVE_REPLICAS.append(f"replica{_number}")
if ARCHIVE_REPLICAS and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs a PostgreSQL DATABASE_URL.")
DATABASE_ROUTERS = ["archive.replicas.PrimaryReplicaRouter"] if ARCHIVE_REPLICAS else []
# After a request that wrote, that browser reads from the primary for this long (a cookie):
# longer than the replicas' lag, so an editor always sees the page they just saved.
ARCHIVE_REPLICA_PIN_SECONDS = int(os.environ.get("ARCHIVE_REPLICA_PIN_SECONDS", "30"))

# Redis shared by every server when REDIS_URL is set; else files shared by this machine.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis keeps one client per process: Django's own Redis backend builds a
            # new client for every operation, a third of the CPU of a cached page
            # (bench/cache_client.py).
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "apk",
        }
    }
else:
    # Without Redis, files every process of this machine shares (DJANGO_CACHE_DIR): the content
    # generation must be one for every gunicorn worker and the job worker. Each process's own
    # memory (locmem) let a worker serve its copy of a page for its whole lifetime after another
    # process had changed the content (tests/test_servers.py).
    CACHES = {
        "default": {
            "BACKEND": "archive.filecache.SharedFileCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Background work (archive/jobs): Django's Tasks framework through the django-tasks backport
# (Django 6's django.tasks). ARCHIVE_TASKS_BACKEND: "redis" (RQ, needs REDIS_URL; run
# `manage.py rqworker --with-scheduler --job-class django_tasks_rq.Job`), "database" (a table
# in the archive's database; run `manage.py db_worker`) or "immediate" (run at once inside the
# request, no worker: small installs and tests). Default: redis with REDIS_URL, else database.
ARCHIVE_TASKS_BACKEND = os.environ.get(
    "ARCHIVE_TASKS_BACKEND", "redis" if REDIS_URL else "database"
).strip()
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if ARCHIVE_TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured("ARCHIVE_TASKS_BACKEND must be redis, database or immediate.")
if ARCHIVE_TASKS_BACKEND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("ARCHIVE_TASKS_BACKEND=redis needs REDIS_URL.")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {
        "default": {
            "URL": REDIS_URL,
            # Rebuilding the index of 100,000 articles takes minutes, not RQ's default 3.
            "DEFAULT_TIMEOUT": int(os.environ.get("ARCHIVE_TASK_TIMEOUT_SECONDS", "3600")),
        }
    }
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[ARCHIVE_TASKS_BACKEND], "QUEUES": ["default"]}}
# /healthz answers 503 when a task has waited longer than this for a worker (none running).
ARCHIVE_QUEUE_STUCK_MINUTES = float(os.environ.get("ARCHIVE_QUEUE_STUCK_MINUTES", "10"))
# A running job writes a heartbeat every ARCHIVE_JOB_HEARTBEAT_SECONDS; one silent for
# ARCHIVE_JOB_STALE_MINUTES lost its worker (killed, out of memory, the machine gone): the
# worker queues it again (at most ARCHIVE_JOB_ATTEMPTS runs in all) or marks it failed.
ARCHIVE_JOB_HEARTBEAT_SECONDS = float(os.environ.get("ARCHIVE_JOB_HEARTBEAT_SECONDS", "30"))
ARCHIVE_JOB_STALE_MINUTES = float(os.environ.get("ARCHIVE_JOB_STALE_MINUTES", "10"))
ARCHIVE_JOB_ATTEMPTS = int(os.environ.get("ARCHIVE_JOB_ATTEMPTS", "3"))
# An Article admin action on more articles than this runs as a background job, not inline.
ARCHIVE_INLINE_LIMIT = int(os.environ.get("ARCHIVE_INLINE_LIMIT", "200"))

# Public pages for anonymous visitors (archive/caching.py): any write to the archive makes
# them stale at once in every process (the cache is shared), so they may live long.
ARCHIVE_PAGE_CACHE_SECONDS = int(os.environ.get("ARCHIVE_PAGE_CACHE_SECONDS", "86400"))
ARCHIVE_PAGE_CACHE_EXCLUDE = ["download-zip", "download-file"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English unprefixed, Russian under /ru/, Kazakh (Cyrillic) under /kk/ (archive/languages.py).
# Each named in itself: the names the language switcher shows.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("kk", "Қазақша")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django ships no date formats for Kazakh: apksite/formats/kk/formats.py.
FORMAT_MODULE_PATH = ["apksite.formats"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "DJANGO_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

LOGIN_URL = "admin:login"
# The public address for canonical links and robots.txt, e.g. https://apk-archive.kz (unset:
# the host each request came to).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/")
# Where the admin lives, e.g. DJANGO_ADMIN_URL=editors-7f3k/ (less noise from scanners).
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

AUTHENTICATION_BACKENDS = [
    # Refuses every login attempt from a client locked out after too many failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
# Per account and address together: one editor's typos behind the office NAT lock out that
# account from that address only, not the newsroom; nobody can lock an editor out from afar.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A styled page saying for how long, with a link back to the login form.
AXES_LOCKOUT_CALLABLE = "archive.clients.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
# Clients are told apart by REMOTE_ADDR; behind N reverse proxies (DJANGO_PROXY_COUNT=N) by the
# N-th address from the right of X-Forwarded-For. One rule for the login lockout and the API's
# throttle: archive/clients.py.
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "archive.clients.client_ip"

# --- HTTPS and browser protections -------------------------------------------------------------
# DJANGO_HTTPS: the site is served over HTTPS (on by default in production). Behind a proxy
# or load balancer that terminates TLS, set DJANGO_SECURE_PROXY_SSL_HEADER=1 so Django trusts
# its X-Forwarded-Proto header (and make sure the proxy always sets it).
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere; a template that needs an inline script gives it
# nonce="{{ request.csp_nonce }}" (the nonce is added to the header only when used).
_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'", csp_constants.NONCE],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if HTTPS:
    _CSP_DIRECTIVES["upgrade-insecure-requests"] = True
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}

# Bulk imports: the largest file an editor may upload or the command line may read (1 GiB:
# the archive's own full exports fit), and where the admin keeps uploads until their import
# job has run (archive/transfer/uploads.py).
ARCHIVE_IMPORT_MAX_BYTES = int(os.environ.get("ARCHIVE_IMPORT_MAX_BYTES", str(1024**3)))
ARCHIVE_IMPORT_DIR = Path(os.environ.get("ARCHIVE_IMPORT_DIR", BASE_DIR / "var" / "imports"))
# The Import pages send a bigger file than this in pieces of this size, so that no request
# carries more (archive/transfer/chunks.py): a few MB cross even a slow line in seconds.
ARCHIVE_UPLOAD_CHUNK_BYTES = int(os.environ.get("ARCHIVE_UPLOAD_CHUNK_BYTES", str(4 * 1024**2)))
ARCHIVE_PAGE_SIZE = 20

IMPORT_EXPORT_USE_TRANSACTIONS = True
# dumpdata/loaddata backups keep datetimes to the microsecond (Django's JSON keeps ms).
SERIALIZATION_MODULES = {"json": "apksite.serializers"}
IMPORT_EXPORT_SKIP_ADMIN_LOG = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"timed": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "timed"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# The read-only JSON API under /api/ (archive/api, docs/api.md): public, throttled per client.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "archive.api.pagination.ArchivePagination",
    "PAGE_SIZE": ARCHIVE_PAGE_SIZE,
    # Per client, told apart as for the login lockout (PROXY_COUNT above).
    "DEFAULT_THROTTLE_CLASSES": ["archive.api.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("ARCHIVE_API_RATE", "120/minute")},
    "DEFAULT_SCHEMA_CLASS": "archive.api.schema.ArchiveAutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "APK Archive API",
    "DESCRIPTION": "Read-only open data: published articles, sessions, people, topics and quotes.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

"""Django settings. The only module that reads the environment (documented in docs/settings.md).

KORYU_DATABASE_URL   database URL (sqlite:///path, postgresql://user@host/db) or a plain file
                     path; default ./koryu.sqlite3 in the current directory
KORYU_SECRET_KEY     secret key for sessions/CSRF; unset: one generated on first run and kept
                     beside the SQLite file (<db>.secret) or in KORYU_CACHE_DIR (PostgreSQL)
KORYU_DEBUG          "1" to turn on Django's debug mode (never in production)
KORYU_ALLOWED_HOSTS  comma-separated host names the server answers to (default: local names)
KORYU_CACHE_DIR      where derived caches live (gazetteer index); default ~/.cache/koryu
KORYU_ONLINE_TILES   URL template of online map tiles; unset = offline bundled basemap only
KORYU_MAX_UPLOAD_MB  largest document accepted for ingest (default 20)
KORYU_UPLOAD_DIR     where uploaded documents are kept, by their SHA-256 (default: beside the
                     SQLite file, <db>.uploads/; for PostgreSQL ~/.local/share/koryu/uploads)
KORYU_SQLITE_BUSY_TIMEOUT  seconds a SQLite writer waits for another (default 30)
KORYU_SQLITE_CACHE_MB      SQLite page cache per connection in MB (default 64; `koryu serve`: 8)
KORYU_MAX_DELETE_SHARE  share of a document's records a new version may delete without
                     `koryu ingest --allow-deletions` (default 0: any deletion waits)
KORYU_REPLICA_URLS   comma-separated database URLs of read replicas (reads go there)
KORYU_EXPORT_CONCURRENCY, KORYU_EXPORT_CONCURRENCY_PER_CLIENT
                     exports streaming at once per server process (4), per client (2)
KORYU_EXPORT_WAIT_SECONDS  how long a full-export request waits for its file (3)
KORYU_EXPORT_MB_PER_SECOND  rate each full-export download is sent at, at most (16; 0: no cap)
KORYU_LOGIN_FAILURE_LIMIT, KORYU_LOGIN_COOLOFF_HOURS
                     failed sign-ins before a lock-out (5), its length in hours (1)
KORYU_EMAIL_BACKEND, KORYU_EMAIL_HOST, KORYU_EMAIL_FROM
                     password-reset mail (default: printed on the console)
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


# How long a SQLite writer waits for another one before "database is locked" (seconds).
SQLITE_BUSY_TIMEOUT = float(os.environ.get("KORYU_SQLITE_BUSY_TIMEOUT", "30"))
# Each connection keeps its own page cache, filled up to this size as it reads: one
# command's connection, or one per server thread (koryu serve lowers it, see there).
SQLITE_CACHE_MB = int(os.environ.get("KORYU_SQLITE_CACHE_MB", "64"))


def database_config(url: str | None) -> dict:
    """Turn KORYU_DATABASE_URL (or a plain SQLite file path) into a Django DATABASES entry."""
    if not url:
        url = str(Path.cwd() / "koryu.sqlite3")
    if "://" not in url:
        url = "sqlite:///" + str(Path(url).expanduser().resolve())
    # Connections outlive a request (one per server thread): a new SQLite connection
    # would start with an empty page cache on every request.
    config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server read while an ingest writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write transactions.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            f" PRAGMA foreign_keys=ON; PRAGMA cache_size=-{SQLITE_CACHE_MB * 1024};",
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT,
        }
        config.setdefault("TEST", {})["NAME"] = None  # in-memory test database
    return config


DATABASE_URL = os.environ.get("KORYU_DATABASE_URL", "")
DATABASES = {"default": database_config(DATABASE_URL)}
# Read replicas (PostgreSQL streaming replicas of the primary): reads go there, writes to
# the primary (koryu.dbrouter, docs/deployment.md).
for _n, _url in enumerate(
    (u.strip() for u in os.environ.get("KORYU_REPLICA_URLS", "").split(",") if u.strip()), 1
):
    DATABASES[f"replica{_n}"] = {**database_config(_url), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["koryu.dbrouter.PrimaryReplicaRouter"]

CACHE_DIR = Path(os.environ.get("KORYU_CACHE_DIR", Path.home() / ".cache" / "koryu"))
DEVELOPMENT_SECRET_KEY = "koryu-development-key-change-me-in-production"


def _secret_key_file(database: dict) -> Path:
    """Beside the SQLite file; for a server database, in the cache folder, one per database."""
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
        return Path(f"{database['NAME']}.secret")
    import hashlib

    identity = f"{database.get('HOST', '')}|{database.get('PORT', '')}|{database['NAME']}"
    return CACHE_DIR / f"secret-key-{hashlib.sha256(identity.encode()).hexdigest()[:16]}"


def _secret_key() -> tuple[str, str]:
    """(key, where it came from): the environment, a file made on first run, or — only
    when that file can be neither read nor written — the development key."""
    if os.environ.get("KORYU_SECRET_KEY"):
        return os.environ["KORYU_SECRET_KEY"], "environment"
    path = _secret_key_file(DATABASES["default"])
    try:
        return path.read_text(encoding="ascii").strip(), str(path)
    except FileNotFoundError:
        pass
    except OSError:
        return DEVELOPMENT_SECRET_KEY, "development"
    import secrets

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(50) + "\n")
    except FileExistsError:  # another process made it first: use theirs
        pass
    except OSError:
        return DEVELOPMENT_SECRET_KEY, "development"
    return path.read_text(encoding="ascii").strip(), str(path)


SECRET_KEY, SECRET_KEY_SOURCE = _secret_key()
DEBUG = os.environ.get("KORYU_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("KORYU_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(
        ","
    )
    if h.strip()
]
# Outside debug, the session and CSRF cookies travel over HTTPS only and are out of reach
# of scripts (browsers accept secure cookies from http://localhost and 127.0.0.1 too, so a
# local `koryu serve` still signs in). No script of the site reads the CSRF cookie: forms
# carry the token.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
ONLINE_TILES = os.environ.get("KORYU_ONLINE_TILES", "")
MAX_UPLOAD_BYTES = int(os.environ.get("KORYU_MAX_UPLOAD_MB", "20")) * 1024 * 1024


def _upload_dir(database: dict) -> Path:
    """Uploaded documents are the source of their records: kept beside the SQLite file, or
    for a server database in the user's data folder (one per database)."""
    if os.environ.get("KORYU_UPLOAD_DIR"):
        return Path(os.environ["KORYU_UPLOAD_DIR"]).expanduser()
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
        return Path(f"{database['NAME']}.uploads")
    import hashlib

    identity = f"{database.get('HOST', '')}|{database.get('PORT', '')}|{database['NAME']}"
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "koryu" / "uploads" / hashlib.sha256(identity.encode()).hexdigest()[:16]


UPLOAD_DIR = _upload_dir(DATABASES["default"])
# Uploads are ingested in the background by Django's tasks framework, queued in the
# database (django-tasks-db): `koryu serve` runs a worker beside the web server, `koryu
# worker` runs one on its own (docs/cli.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Exports streaming at once, per server process: overall, and per client address.
EXPORT_CONCURRENCY = int(os.environ.get("KORYU_EXPORT_CONCURRENCY", "4"))
EXPORT_CONCURRENCY_PER_CLIENT = int(os.environ.get("KORYU_EXPORT_CONCURRENCY_PER_CLIENT", "2"))
# How long a request for a full export waits for its file to be written before answering
# 503 with Retry-After (the file goes on being written in the background).
EXPORT_WAIT_SECONDS = float(os.environ.get("KORYU_EXPORT_WAIT_SECONDS", "3"))
# The rate each full-export download is sent at, at most (kernel pacing, api/pacing.py):
# downloads beside each other must leave the cores and the link to the other requests.
EXPORT_BYTES_PER_SECOND = int(float(os.environ.get("KORYU_EXPORT_MB_PER_SECOND", "16")) * 1e6)
# Sign-in (the review queue is for staff): Django's own views at /accounts/login/.
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/review"
LOGOUT_REDIRECT_URL = "/"
# Records from a generic reader whose confidence reaches this are published at once; the
# others wait in the review queue (format-specific readers' records are always published).
REVIEW_THRESHOLD = float(os.environ.get("KORYU_REVIEW_THRESHOLD", "0.8"))
MAX_DELETE_SHARE = float(os.environ.get("KORYU_MAX_DELETE_SHARE", "0"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "axes",
    "django_tasks_db",
    "koryu.catalog",
    "koryu.accounts",
    "koryu.search",
    "koryu.uploads",
    "koryu.web",
]

MIDDLEWARE = [
    "koryu.web.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # ETag on every GET answer, 304 when the client already has it (HTTP caching).
    "django.middleware.http.ConditionalGetMiddleware",
    "koryu.api.head.HeadAsGetMiddleware",  # HEAD wherever GET works under /api/
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in user of a request is the author of the changes it makes (history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in before the view runs.
    "axes.middleware.AxesMiddleware",
]

# Password guessing (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one user
# name from one address, that pair is locked out for AXES_COOLOFF_TIME hours (429 with a
# page saying so); a success resets the count. Attempts are kept in the database.
AUTHENTICATION_BACKENDS = [
    "koryu.accounts.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("KORYU_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("KORYU_LOGIN_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False
# Password reset mails: printed on the console unless a mail backend is configured
# (KORYU_EMAIL_BACKEND, e.g. django.core.mail.backends.smtp.EmailBackend, with
# KORYU_EMAIL_HOST).
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "KORYU_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        ),
        **(
            {"OPTIONS": {"host": os.environ["KORYU_EMAIL_HOST"]}}
            if os.environ.get("KORYU_EMAIL_HOST")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("KORYU_EMAIL_FROM", "koryu@localhost")

ROOT_URLCONF = "koryu.urls"
WSGI_APPLICATION = "koryu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Content-Security-Policy: everything is served from this origin (no CDN).
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],  # Leaflet sets inline styles on map elements
    "img-src": [CSP.SELF, "data:"] + ([ONLINE_TILES.split("/{")[0]] if ONLINE_TILES else []),
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
}

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# WhiteNoise serves straight from the apps' static folders (finders), so STATIC_ROOT is
# only set for deployments that want `collectstatic`; a missing one makes WhiteNoise warn
# on every request.
STATIC_ROOT = Path(os.environ["KORYU_STATIC_ROOT"]) if os.environ.get("KORYU_STATIC_ROOT") else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from app static dirs: no collectstatic step

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
# Files are streamed to a temporary file; one larger than KORYU_MAX_UPLOAD_MB is not kept
# (its name is reported as too large: koryu.uploads.handlers).
FILE_UPLOAD_HANDLERS = ["koryu.uploads.handlers.LimitedUploadHandler"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # `koryu serve` turns this to INFO: one line per request (koryu.web.request_log).
    "loggers": {
        "koryu.requests": {"handlers": ["console"], "level": "WARNING", "propagate": False}
    },
}

"""Patuh's one settings module, configured by PATUH_* environment variables and DATABASE_URL.

Every variable is documented in docs/configuration.md; a test fails when one is missing there.
"""

import datetime as dt
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from patuh.lib.env import (
    env_bool,
    env_bool_value,
    env_float,
    env_int,
    env_list,
    env_networks,
    env_proxy_ssl_header,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent

DEBUG = env_bool("PATUH_DEBUG", default=False)
# Data lives outside the package: the SQLite file, uploaded evidence, generated reports.
DATA_DIR = Path(env_str("PATUH_DATA_DIR", str(Path.cwd() / "var"))).resolve()

# A placeholder that the system check patuh.E001 refuses outside DEBUG, so production cannot
# start with a key that is public in this repository.
INSECURE_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("PATUH_SECRET_KEY") or INSECURE_SECRET_KEY

ALLOWED_HOSTS = env_list("PATUH_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("PATUH_CSRF_TRUSTED_ORIGINS", [])
# Reverse proxies whose X-Forwarded-For is believed (patuh.lib.client): none by default, since
# anyone can send the header.
PATUH_TRUSTED_PROXIES = env_networks("PATUH_TRUSTED_PROXIES")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "patuh.core",
    "patuh.audit",
    "patuh.accounts",
    "patuh.registry",
    "patuh.instruments",
    "patuh.assessments",
    "patuh.scoring",
    "patuh.jobs",
    "patuh.webcheck",
    "patuh.evidence",
    "patuh.followup",
    "patuh.fieldwork",
    "patuh.web",
    "patuh.results",
    "patuh.demo",
    "patuh.satisfaction",
    "patuh.pekppp",
    "patuh.notifications",
    "patuh.clarification",
    "patuh.selfcheck",
    "axes",
    # After patuh.jobs, whose `db_worker` (recovering dead workers' jobs) replaces its own.
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "patuh.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "patuh.access.middleware.DeclaredAccessMiddleware",
    "patuh.audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as axes asks: it turns a sign-in that locked (or was locked) into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "patuh.urls"
WSGI_APPLICATION = "patuh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "patuh.access.capabilities",
            ],
        },
    },
]


def _sqlite_database(path: Path) -> dict:
    return {
        "ENGINE": "patuh.lib.sqlite",
        "NAME": path,
        # Each server thread keeps its connection rather than opening one (and running the
        # pragmas below) for every request.
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            # Writers take the lock when the transaction starts, so two writers queue behind the
            # busy timeout instead of failing with "database is locked" half-way through.
            "transaction_mode": "IMMEDIATE",
            # Seconds a connection waits for another writer before giving up.
            "timeout": 20,
            "init_command": (
                # WAL lets readers (page views) proceed while a writer (an import) commits.
                "PRAGMA journal_mode=WAL;"
                # In WAL mode NORMAL is durable against application crashes and much faster.
                "PRAGMA synchronous=NORMAL;"
                # Sorting and temporary indexes for scoring and exports stay in memory.
                "PRAGMA temp_store=MEMORY;"
                # 64 MiB page cache (negative = KiB) so a national cycle's answers fit.
                "PRAGMA cache_size=-65536;"
            ),
        },
    }


_database_url = env_str("DATABASE_URL")
if _database_url:
    try:
        DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from exc
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES = {"default": _sqlite_database(Path(DATABASES["default"]["NAME"]))}
else:
    # The zero-setup default: one SQLite file in the data directory, created on first use.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": _sqlite_database(DATA_DIR / "patuh.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes; patuh.accounts.throttling). Failed sign-ins are counted in the
# database, so every server process shares the count. A few failures lock that account for the
# address they came from; more, across any accounts, lock the address for every account (higher,
# since an office's computers often share one address). A lock ends after the lockout minutes
# (failures meanwhile restart them) or when an administrator unlocks it (`patuh unlock_login`,
# or the users' admin page); a correct password does not get through a lock.
PATUH_LOGIN_FAILURE_LIMIT = env_int("PATUH_LOGIN_FAILURE_LIMIT", 5, minimum=1)
PATUH_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("PATUH_LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
if PATUH_LOGIN_ADDRESS_FAILURE_LIMIT < PATUH_LOGIN_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        f"PATUH_LOGIN_ADDRESS_FAILURE_LIMIT={PATUH_LOGIN_ADDRESS_FAILURE_LIMIT} must be at least "
        f"PATUH_LOGIN_FAILURE_LIMIT={PATUH_LOGIN_FAILURE_LIMIT}: an address holds many accounts."
    )
PATUH_LOGIN_LOCKOUT_MINUTES = env_int("PATUH_LOGIN_LOCKOUT_MINUTES", 30, minimum=1)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "patuh.accounts.throttling.LoginThrottle"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = PATUH_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = dt.timedelta(minutes=PATUH_LOGIN_LOCKOUT_MINUTES)
AXES_CLIENT_IP_CALLABLE = "patuh.accounts.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "patuh.accounts.throttling.locked_out"
# Sign-ins are in the audit log already; unlocking goes through patuh.accounts.throttling.unlock,
# which records who unlocked what, so axes' own admin pages (which delete unrecorded) are off.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("PATUH_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
# One date format on pages (patuh/formats/id: the Indonesian long form).
FORMAT_MODULE_PATH = ["patuh.formats"]
USE_TZ = True

# "default" is each process's own memory (computed rankings and cards, a few minutes' worth);
# "pages" holds the public portal's pages of published snapshots in the data directory, shared
# by every server process and the background worker that renders them at the announcement
# (patuh.results.page_cache).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache" / "pages",
        # A national cycle's report cards in both languages, for several cycles.
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
}

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# Uploaded evidence and generated files. They are never served from a public URL: views check
# who asks before streaming a file from storage.
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"


def _storages(kind: str) -> dict:
    """Django storage for uploads and generated files: the data directory or an S3 bucket."""
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    if kind == "filesystem":
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": static,
        }
    if kind != "s3":
        raise ImproperlyConfigured(f"PATUH_STORAGE={kind!r} is not one of filesystem, s3.")
    bucket = env_str("PATUH_S3_BUCKET")
    if not bucket:
        raise ImproperlyConfigured("PATUH_STORAGE=s3 needs PATUH_S3_BUCKET.")
    options = {
        "bucket_name": bucket,
        "endpoint_url": env_str("PATUH_S3_ENDPOINT_URL") or None,
        "region_name": env_str("PATUH_S3_REGION") or None,
        "access_key": env_str("PATUH_S3_ACCESS_KEY_ID") or None,
        "secret_key": env_str("PATUH_S3_SECRET_ACCESS_KEY") or None,
        # Objects stay private; Patuh streams them to whoever may see them.
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "staticfiles": static,
    }


STORAGES = _storages(env_str("PATUH_STORAGE", "filesystem"))

if not DEBUG:
    # `patuh serve` collects the static files; WhiteNoise serves them under content-hashed
    # names, compressed, cached for a year. The development server (DEBUG) reads the source tree.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

# Evidence photos: the largest file and image accepted, and how far from the unit's registered
# position a photo may be taken before the reviewer is told.
PATUH_EVIDENCE_MAX_BYTES = env_int("PATUH_EVIDENCE_MAX_BYTES", 15_000_000, minimum=1)
PATUH_EVIDENCE_MAX_PIXELS = env_int("PATUH_EVIDENCE_MAX_PIXELS", 40_000_000, minimum=1)
PATUH_EVIDENCE_MAX_DISTANCE_M = env_int("PATUH_EVIDENCE_MAX_DISTANCE_M", 500, minimum=1)
# A photo without capture time or location (or of a unit with no registered location) cannot be
# checked against the window and the distance; on, the reviewer is told, so stripping the EXIF
# is no way around the checks.
PATUH_EVIDENCE_FLAG_MISSING_METADATA = env_bool(
    "PATUH_EVIDENCE_FLAG_MISSING_METADATA", default=True
)
# Documents (PDF) a unit attaches to its self-assessment: the largest file and the most pages.
PATUH_DOCUMENT_MAX_BYTES = env_int("PATUH_DOCUMENT_MAX_BYTES", 20_000_000, minimum=1)
PATUH_DOCUMENT_MAX_PAGES = env_int("PATUH_DOCUMENT_MAX_PAGES", 300, minimum=1)

# Background work goes through Django's tasks framework. "immediate" runs a job inline, in the
# request or command that starts it (no worker needed; tests always use it); "database" queues
# it for `patuh db_worker`, which ./run starts beside the web server.
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_task_backend = env_str("PATUH_TASKS_BACKEND", "immediate")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"PATUH_TASKS_BACKEND={_task_backend!r} is not one of {', '.join(_TASK_BACKENDS)}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}


def _email(url: str) -> dict:
    """Django's mailer from PATUH_EMAIL_URL: console:// (print to the log),
    smtp://user:password@host:port (STARTTLS with ?tls=1) or smtps://… (TLS from the start)."""
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ImproperlyConfigured(
            f"PATUH_EMAIL_URL={url!r} is not console:// or smtp(s)://user:password@host:port."
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"PATUH_EMAIL_URL={url!r} has a bad port.") from None
    tls = env_bool_value("PATUH_EMAIL_URL ?tls", parse_qs(parts.query).get("tls", ["0"])[0])
    implicit_tls = parts.scheme == "smtps"
    options = {
        "host": parts.hostname,
        "port": port or (465 if implicit_tls else 587 if tls else 25),
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_tls": tls and not implicit_tls,
        "use_ssl": implicit_tls,
        # Seconds to wait for the mail server; a hung server must not hang a page.
        "timeout": 20,
    }
    return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}


# Notifications (patuh.notifications): where e-mail goes and whom it is from. The developer
# run prints e-mails to the console log, so it sends nothing by accident; production defaults
# to the local mail server, as Django does (its deploy check refuses the console there).
MAILERS = {
    "default": _email(env_str("PATUH_EMAIL_URL", "console://" if DEBUG else "smtp://localhost:25"))
}
DEFAULT_FROM_EMAIL = env_str("PATUH_EMAIL_FROM", "patuh@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address of this site, for links in e-mails (https://patuh.example.go.id); empty: paths only.
PATUH_SITE_URL = env_str("PATUH_SITE_URL", "").rstrip("/")

SESSION_COOKIE_SECURE = env_bool("PATUH_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Office computers are shared: a sign-in ends when the browser closes, and after a working day
# at the latest.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env_int("PATUH_SESSION_HOURS", 8, minimum=1) * 3600
# HTTPS in production (docs/deployment.md): TLS ends at a reverse proxy that names the scheme
# in a header, which only it may set. Off by default, so a plain-HTTP install still works;
# `patuh check --deploy` warns while they are off.
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("PATUH_PROXY_SSL_HEADER")
SECURE_SSL_REDIRECT = env_bool("PATUH_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("PATUH_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PATUH_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("PATUH_HSTS_PRELOAD", default=False)
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every response: the browser runs scripts, applies styles and loads
# images, fonts and data only from this site, and no inline script, handler or style
# attribute, so markup injected through a gap in escaping cannot run. Templates keep to it
# (JavaScript in static files, styles in the static CSS; htmx told not to add its indicator
# style, see base.html); tests/core/test_csp.py checks the templates and the header, and the
# browser tests fail on any violation. blob: images are the phone's photo previews before upload.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "blob:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Patuh's own settings.
PATUH_OFFICE_NAME = env_str(
    "PATUH_OFFICE_NAME", "Ombudsman RI Perwakilan Kepulauan Bangka Belitung"
)
# The letterhead of report cards: the office's address and a logo file (PNG, JPEG or SVG).
PATUH_OFFICE_ADDRESS = env_str("PATUH_OFFICE_ADDRESS", "")
PATUH_REPORT_LOGO = env_str("PATUH_REPORT_LOGO", "")

# Satisfaction surveys' abuse limits, which follow the forms, not addresses (a busy counter's
# Wi-Fi gives every citizen the same one): at most this many responses per survey per minute,
# and a form sent sooner than this many seconds after it was opened is a robot's.
PATUH_SKM_BURST_LIMIT = env_int("PATUH_SKM_BURST_LIMIT", 60, minimum=1)
PATUH_SKM_MIN_SECONDS = env_int("PATUH_SKM_MIN_SECONDS", 3)

# Follow-up of findings (docs/followup.md): the days a release gives agencies, and the shares
# of items verified done from which a provider's or government's follow-up level is high
# (tinggi) or medium (sedang). An assumption: the Ombudsman publishes no thresholds.
PATUH_FOLLOWUP_DAYS = env_int("PATUH_FOLLOWUP_DAYS", 60, minimum=1)
PATUH_FOLLOWUP_HIGH = env_float("PATUH_FOLLOWUP_HIGH", 0.8, minimum=0)
PATUH_FOLLOWUP_MEDIUM = env_float("PATUH_FOLLOWUP_MEDIUM", 0.5, minimum=0)
if not PATUH_FOLLOWUP_MEDIUM <= PATUH_FOLLOWUP_HIGH <= 1:
    raise ImproperlyConfigured(
        "PATUH_FOLLOWUP_MEDIUM must not exceed PATUH_FOLLOWUP_HIGH, nor that 1"
        f" ({PATUH_FOLLOWUP_MEDIUM}, {PATUH_FOLLOWUP_HIGH})."
    )

# Website checks (patuh.webcheck; docs/webcheck.md). Timeouts in seconds.
PATUH_CONTACT_URL = env_str("PATUH_CONTACT_URL")
PATUH_WEBCHECK_USER_AGENT = env_str("PATUH_WEBCHECK_USER_AGENT")
PATUH_WEBCHECK_ALLOW_PRIVATE = env_bool("PATUH_WEBCHECK_ALLOW_PRIVATE", default=False)
PATUH_WEBCHECK_ALLOW_NETWORKS = env_networks("PATUH_WEBCHECK_ALLOW_NETWORKS")
PATUH_WEBCHECK_OFFICIAL_SUFFIXES = env_list("PATUH_WEBCHECK_OFFICIAL_SUFFIXES", ["go.id"])
PATUH_WEBCHECK_CONCURRENCY = env_int("PATUH_WEBCHECK_CONCURRENCY", 20, minimum=1)
PATUH_WEBCHECK_PER_HOST = env_int("PATUH_WEBCHECK_PER_HOST", 2, minimum=1)
PATUH_WEBCHECK_CONNECT_TIMEOUT = env_float("PATUH_WEBCHECK_CONNECT_TIMEOUT", 10, minimum=0.1)
PATUH_WEBCHECK_READ_TIMEOUT = env_float("PATUH_WEBCHECK_READ_TIMEOUT", 20, minimum=0.1)
PATUH_WEBCHECK_PAGE_TIMEOUT = env_float("PATUH_WEBCHECK_PAGE_TIMEOUT", 60, minimum=0.1)
PATUH_WEBCHECK_RETRIES = env_int("PATUH_WEBCHECK_RETRIES", 2, minimum=0)
PATUH_WEBCHECK_BACKOFF = env_float("PATUH_WEBCHECK_BACKOFF", 1, minimum=0)
PATUH_WEBCHECK_MAX_RETRY_AFTER = env_float("PATUH_WEBCHECK_MAX_RETRY_AFTER", 10, minimum=0)
PATUH_WEBCHECK_MAX_BYTES = env_int("PATUH_WEBCHECK_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
PATUH_WEBCHECK_MAX_REDIRECTS = env_int("PATUH_WEBCHECK_MAX_REDIRECTS", 10, minimum=0)
PATUH_WEBCHECK_CRAWL_PAGES = env_int("PATUH_WEBCHECK_CRAWL_PAGES", 10, minimum=1)
PATUH_WEBCHECK_SLOW_MS = env_int("PATUH_WEBCHECK_SLOW_MS", 3000, minimum=1)
PATUH_WEBCHECK_TLS_WARNING_DAYS = env_int("PATUH_WEBCHECK_TLS_WARNING_DAYS", 30, minimum=0)
PATUH_WEBCHECK_CA_BUNDLE = env_str("PATUH_WEBCHECK_CA_BUNDLE")
PATUH_WEBCHECK_KEYWORDS = env_str("PATUH_WEBCHECK_KEYWORDS")
PATUH_WEBCHECK_SCREENSHOTS = env_bool("PATUH_WEBCHECK_SCREENSHOTS", default=True)
PATUH_WEBCHECK_CHROMIUM = env_str("PATUH_WEBCHECK_CHROMIUM", "/usr/bin/chromium")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PATUH_LOG_LEVEL", "INFO")},
    # httpx logs every request of a website check at INFO; WeasyPrint and its font library
    # report every step of every PDF; axes every failed sign-in (the audit log has them).
    "loggers": {
        name: {"level": "WARNING"} for name in ("httpx", "weasyprint", "fontTools", "axes")
    },
}

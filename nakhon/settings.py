"""Settings for Nakhon EA. Everything a deployment changes comes from the environment."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(os.environ.get("NAKHON_DATA_DIR", REPO_DIR / "var"))


def _secret_key() -> str:
    """The key from the environment, else one generated once and kept in the data folder."""
    if key := os.environ.get("NAKHON_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("NAKHON_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("NAKHON_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
# Debug pages show code, local variables and requests: only on the machine itself.
if DEBUG and not set(ALLOWED_HOSTS) <= {"127.0.0.1", "localhost", "::1", "[::1]"}:
    raise ImproperlyConfigured(
        "NAKHON_DEBUG=1 serves debug pages, which only this machine may see: "
        "NAKHON_ALLOWED_HOSTS may then name only 127.0.0.1, localhost and ::1."
    )
# Even there, a debug page shows settings, the environment and local variables only to a
# superuser.
DEFAULT_EXCEPTION_REPORTER = "nakhon.core.debug.SuperuserExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "nakhon.core.debug.ExceptionReporterFilter"
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("NAKHON_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_tables2",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "nakhon.core",
    "nakhon.archimate",
    "nakhon.organization",
    "nakhon.repository",
    "nakhon.citizen_services",
    "nakhon.portfolio",
    "nakhon.capacity",
    "nakhon.analysis",
    "nakhon.interchange",
    "nakhon.governance",
    "nakhon.demo",
]

MIDDLEWARE = [
    "nakhon.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "nakhon.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "nakhon.core.middleware.UploadLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "nakhon.core.middleware.ReplicaReadsMiddleware",
]

# Behind a TLS-terminating proxy (deploy/nginx.conf), NAKHON_HTTPS=1: the proxy's
# X-Forwarded-Proto says the request came over HTTPS, plain HTTP is redirected (except the
# probes, asked from inside), cookies go over HTTPS only, and browsers are told to insist on it.
if os.environ.get("NAKHON_HTTPS", "0") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("NAKHON_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# Pages may not be framed (clickjacking), nor tell other sites more than the origin.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# No inline script anywhere (behaviour lives in static files); inline styles are allowed, as
# htmx adds its indicator style and pages set widths and white-space on elements.
NAKHON_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

ROOT_URLCONF = "nakhon.urls"
WSGI_APPLICATION = "nakhon.wsgi.application"

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
                "nakhon.core.views.working_proposal",
            ],
            "builtins": ["nakhon.core.templatetags.nakhon"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'nakhon.sqlite3'}",
        conn_max_age=int(os.environ.get("NAKHON_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Write-ahead logging: a worker's long import transaction would otherwise lock every
            # page (and the page that follows the import) out of the database until it commits.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # A transaction takes the write lock when it begins, and waits up to `timeout`
            # seconds for it: concurrent writes queue. Deferred transactions that read first
            # fail at once with "database is locked" when they try to write.
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("NAKHON_SQLITE_TIMEOUT", "30")),
        }
    )
# A read replica of PostgreSQL (streaming replication) for the analyses, when there is one:
# GET requests under these paths read from it (nakhon.core.db); everything else uses the primary.
if REPLICA_URL := os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        REPLICA_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
    )
    # Tests read the primary through it, as replication would show them.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["nakhon.core.db.ReplicaRouter"]
NAKHON_REPLICA_PATHS = ["/analysis/", "/api/analysis/"]

# With REDIS_URL, the cache lives in Redis, shared by every application process, and sessions
# are read from it (and kept in the database too, so a Redis restart signs nobody out).
if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Backups (`nakhon backup`) keep times to the microsecond, which Django's JSON rounds.
SERIALIZATION_MODULES = {"fulljson": "nakhon.core.serialization"}
AUTH_USER_MODEL = "organization.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password guessing is throttled by django-axes: after NAKHON_LOGIN_FAILURE_LIMIT failures
# within the cool-off time, the account is locked whatever address tries it, and the address
# whatever accounts it tries (pages, the admin and the API's token endpoint alike), until the
# cool-off ends or an administrator runs `nakhon axes_reset_username NAME`. A success resets
# the count.
AUTHENTICATION_BACKENDS = [
    "nakhon.core.logins.ThrottledLogins",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("NAKHON_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NAKHON_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "nakhon.core.logins.client_ip"
AXES_LOCKOUT_CALLABLE = "nakhon.core.logins.locked_out"
AXES_VERBOSE = False
# The proxies whose X-Forwarded-For names the client (gunicorn trusts the same ones).
NAKHON_TRUSTED_PROXIES = os.environ.get("NAKHON_FORWARDED_ALLOW_IPS", "127.0.0.1,::1").split(",")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Thai first: the default language is Thai, English is the second.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [REPO_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
# Uploaded files (an event's materials), served only through pages that check permission.
MEDIA_ROOT = DATA_DIR / "media"
# Served by WhiteNoise straight from the package, so the embedded set-up needs no web server
# and no collectstatic step; `nakhon serve` collects them, compressed, into STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

REST_FRAMEWORK = {
    # Token first, so that a request without credentials gets 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "nakhon.core.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": ["nakhon.core.api.parsers.JSONParser"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "nakhon.core.api.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "nakhon.core.api.exceptions.exception_handler",
}
# API tokens expire this many hours after they are issued (a week by default).
NAKHON_API_TOKEN_HOURS = int(os.environ.get("NAKHON_API_TOKEN_HOURS", 24 * 7))
SPECTACULAR_SETTINGS = {
    "TITLE": "Nakhon EA API",
    "DESCRIPTION": "Enterprise architecture repository of the city: ArchiMate 3.2 elements, "
    "relationships, plateaus, views, organisation units and the change log.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name ("status") get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "nakhon.repository.models.Status",
        "StandardStatusEnum": "nakhon.governance.models.standards.StandardStatus",
        "MentoringActionStatusEnum": "nakhon.capacity.models.mentoring.ActionStatus",
    },
}

# Long work (large imports and exports) runs as tasks in the database, run by the worker
# command `nakhon db_worker`: the embedded set-up needs no other service.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Uploads larger than this, and exports of repositories holding more objects than this, run
# in the background; smaller ones are handled while the page waits.
NAKHON_INLINE_IMPORT_BYTES = int(os.environ.get("NAKHON_INLINE_IMPORT_BYTES", 5 * 1024 * 1024))
NAKHON_INLINE_EXPORT_OBJECTS = int(os.environ.get("NAKHON_INLINE_EXPORT_OBJECTS", 20_000))

# The largest file a person may hand in, in bytes, per kind (a packed file is also refused
# when it unpacks to more): readers refuse anything larger before reading it.
MIB = 1024 * 1024
NAKHON_MAX_EXCHANGE_BYTES = int(os.environ.get("NAKHON_MAX_EXCHANGE_BYTES", 1024 * MIB))
NAKHON_MAX_ARCHIMATE_BYTES = int(os.environ.get("NAKHON_MAX_ARCHIMATE_BYTES", 200 * MIB))
NAKHON_MAX_WORKBOOK_BYTES = int(os.environ.get("NAKHON_MAX_WORKBOOK_BYTES", 500 * MIB))
NAKHON_MAX_CSV_BYTES = int(os.environ.get("NAKHON_MAX_CSV_BYTES", 100 * MIB))
NAKHON_MAX_CSV_ZIP_BYTES = int(os.environ.get("NAKHON_MAX_CSV_ZIP_BYTES", 512 * MIB))
NAKHON_MAX_MANUAL_CSV_BYTES = int(os.environ.get("NAKHON_MAX_MANUAL_CSV_BYTES", 20 * MIB))
# The largest request body (an upload) accepted at all, refused from its declared length before
# it is read or stored; by default the largest file any import reads.
NAKHON_MAX_UPLOAD_BYTES = int(
    os.environ.get("NAKHON_MAX_UPLOAD_BYTES")
    or max(NAKHON_MAX_EXCHANGE_BYTES, NAKHON_MAX_ARCHIMATE_BYTES, NAKHON_MAX_WORKBOOK_BYTES)
)
# Capacity building: a session's sign-in sheet (CSV or .xlsx) and an event's uploaded material.
NAKHON_MAX_SIGNIN_SHEET_BYTES = int(os.environ.get("NAKHON_MAX_SIGNIN_SHEET_BYTES", 5 * MIB))
NAKHON_MAX_MATERIAL_BYTES = int(os.environ.get("NAKHON_MAX_MATERIAL_BYTES", 50 * MIB))

# The model of the org units that own rows: core names it here, as Django names the user model,
# so that it never imports the app that defines it.
NAKHON_UNIT_MODEL = "organization.OrgUnit"
# Working days the EA office has to decide a submitted review request (RIHA: 20).
NAKHON_REVIEW_WORKING_DAYS = int(os.environ.get("NAKHON_REVIEW_WORKING_DAYS", 20))
# Where the platform is reached, for links in e-mails (notifications of reviews).
NAKHON_BASE_URL = os.environ.get("NAKHON_BASE_URL", "http://127.0.0.1:8000")
# Notifications are printed on the console unless a deployment names a real mail backend.
EMAIL_BACKEND = os.environ.get(
    "NAKHON_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("NAKHON_FROM_EMAIL", "nakhon-ea@localhost")

DJANGO_TABLES2_TEMPLATE = "core/includes/table_layout.html"

# The task worker is healthy (/healthz) when it ran the probe's heartbeat task this recently.
NAKHON_WORKER_HEARTBEAT_SECONDS = int(os.environ.get("NAKHON_WORKER_HEARTBEAT_SECONDS", "120"))

# Logs go to standard error, one JSON object a line (NAKHON_LOG_FORMAT=text for people), each
# with the id of its request; every request writes one line at INFO to "nakhon.request".
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "nakhon.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "nakhon.core.logs.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": os.environ.get("NAKHON_LOG_FORMAT", "json"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("NAKHON_LOG_LEVEL", "WARNING")},
    "loggers": {
        "nakhon.request": {"level": os.environ.get("NAKHON_REQUEST_LOG_LEVEL", "INFO")},
        "django_tasks": {"level": os.environ.get("NAKHON_LOG_LEVEL", "INFO")},
        "nakhon.core.warmup": {"level": os.environ.get("NAKHON_LOG_LEVEL", "INFO")},
    },
}

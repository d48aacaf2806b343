"""Settings for Nakhon EA. Everything a deployment changes comes from the environment."""

import os
import secrets
from pathlib import Path

import dj_database_url
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
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

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
    # Write-ahead logging: a worker's long import transaction would otherwise lock every page
    # (and the page that follows the import) out of the database until it commits.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organization.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
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
# Served by WhiteNoise straight from the package, so the embedded set-up needs no web server
# and no collectstatic step.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

REST_FRAMEWORK = {
    # Token first, so that a request without credentials gets 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NAKHON_LOG_LEVEL", "WARNING")},
}

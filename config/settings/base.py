"""Settings shared by every environment; values that vary come from the environment."""

from pathlib import Path

import dj_database_url
import xstatic.pkg.jquery_ui
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_rate, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_countries",
    "django_filters",
    "django_ratelimit",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "practices",
    "evaluations",
    "partners",
    "submissions",
    "guides",
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
    "practices.notifications.undelivered_email_middleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "practices.context_processors.language_alternates",
                "practices.context_processors.comparison",
            ],
        },
    },
]

conn_max_age = env_int("CONN_MAX_AGE", 0)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=conn_max_age,
        # A connection kept open between requests is checked before it is reused, so
        # a database restart does not fail the next request of every worker.
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", conn_max_age > 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Search forgives small typos in titles (practices/search.py): a searched word
    # matches a title word whose trigram word similarity reaches this threshold
    # (pg_trgm's default, 0.6, misses "pasters" for "Pastors").
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c pg_trgm.word_similarity_threshold=0.45"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Internationalisation: English is the default and the fallback; French is complete.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# British date formats in English, and "1er janvier" in French (config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# With two languages, "the other one" is always the practice's original language when
# the active one is missing; the public pages say so next to the text.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "fr"), "en": ("fr",), "fr": ("en",)}
# The tabbed admin loads jQuery UI from a Google CDN by default; serve our own copy.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

COUNTRIES_FIRST_BREAK = None

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/jquery-ui", xstatic.pkg.jquery_ui.BASE_DIR),
]
# Nothing is stored for the web server to serve: no MEDIA_ROOT, and no default storage,
# so code that tried to store a public file would fail instead of writing where anyone
# could fetch it. Uploaded evaluation reports live in private storage, under random
# names, and are only ever sent by a view that checks who asks
# (practices.views.attachment_download). Built guide PDFs are kept there too
# (guides/views.py sends them).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds to wait for the mail server, which is asked while the user waits.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "repository@urbansecurity.org")

CATALOGUE_PAGE_SIZE = 20

# Background jobs (guide PDFs): stored in the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# PDFs made while the reader waits (one practice, a catalogue selection) hold at most
# this many practices; guides of any size are built in the background. Twelve of the
# demo's longest practice (5 pages each) take about 6 s on a busy 2-core machine, 20
# about 15 s: well under the web server's 30 s timeout either way, at 12.
PDF_MAX_PRACTICES = env_int("PDF_MAX_PRACTICES", 12)
# A guide build still queued or running after this many minutes is taken as lost
# (e.g. its worker was stopped) and may be requested again.
GUIDE_BUILD_TIMEOUT_MINUTES = env_int("GUIDE_BUILD_TIMEOUT_MINUTES", 30)

# The site's public address, for the links in e-mails and PDFs (made outside any request).
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000")

# Contributions: evaluation reports a submitter may upload (PDF, DOCX or ODT).
ATTACHMENT_MAX_SIZE_MB = env_int("ATTACHMENT_MAX_SIZE_MB", 10)
ATTACHMENT_MAX_COUNT = env_int("ATTACHMENT_MAX_COUNT", 5)
REVIEW_QUEUE_PAGE_SIZE = 50

# Bots: new submissions (and requests for a new private link) per client address.
# django-ratelimit counts in the cache, which must be shared by every web process and
# increment atomically: Redis in production (REDIS_URL); one process in dev and tests.
SUBMISSION_RATE_LIMIT = env_rate("SUBMISSION_RATE_LIMIT", "10/h")
# The client address is REMOTE_ADDR, unless a reverse proxy that overwrites a header with
# it is configured here (e.g. X-Real-IP); see submissions.ratelimit.client_ip.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "")
RATELIMIT_IP_META_KEY = "submissions.ratelimit.client_ip"
# If the cache cannot be reached, let submissions through rather than block everyone.
RATELIMIT_FAIL_OPEN = True
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# django-ratelimit lists only django-redis among Redis backends; Django's own RedisCache
# increments with Redis's atomic INCR as well.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# The public, read-only JSON API (practices/api/): no login, JSON only, the
# catalogue's FilterSet, an OpenAPI document by drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "practices.api.pagination.PracticePagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Efus good-practice repository API",
    "DESCRIPTION": (
        "Read-only access to the published urban-security and community-policing "
        "practices of the European Forum for Urban Security, their vocabularies and "
        "evaluation criteria, in English or French (URL prefix /en/ or /fr/, or ?lang=)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # Django's own console handler would print every record a second time.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}

"""Settings for healthinfo, read from the environment in this one place.

With nothing set, the site runs for development: DEBUG on, a SQLite file and an in-process
cache. Production sets DJANGO_DEBUG=0 and must then give DJANGO_SECRET_KEY, or the site refuses
to start.
"""

import ipaddress
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# Not imported as "_": a settings module binds many names, and one "_" (a throwaway in an
# unpacking) once replaced the translation function and stopped the start.
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {raw!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: dict[str, str], default: str) -> str:
    """The value ``choices`` gives for the variable's name of a choice, e.g. a class path."""
    raw = os.environ.get(name, "").strip() or default
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {raw!r}")
    return choices[raw]


def env_header(name: str) -> tuple[str, str]:
    """A request header and its value, "Header-Name: value", as Django's META names it."""
    raw = os.environ.get(name, "")
    header, separator, value = raw.partition(":")
    if not separator or not header.strip() or not value.strip():
        raise ImproperlyConfigured(f'{name} must look like "X-Forwarded-Proto: https"; got {raw!r}')
    return "HTTP_" + header.strip().upper().replace("-", "_"), value.strip()


def env_networks(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Comma-separated addresses or networks (10.0.0.0/8, ::1), as networks."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks such as 10.0.0.0/8; got {item!r}"
            ) from None
    return tuple(networks)


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production (DJANGO_DEBUG=0) needs a long random secret."
        )
    SECRET_KEY = "development-only-secret-key-never-use-in-production"

# Local trials (`make run`, `make serve`): imported articles are approved by a development
# reviewer account, and every page says that this is development data. Production leaves it
# off: that account is then never made, and imports wait for a real review.
DEVELOPMENT_DATA = env_bool("DJANGO_DEVELOPMENT_DATA", DEBUG)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

# Security headers. HTTPS is on in production; `make serve` turns it off because it serves
# plain HTTP on loopback.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 60 * 60 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind a reverse proxy that terminates TLS, e.g. "X-Forwarded-Proto: https". The proxy must
# set this header on every request, replacing whatever the client sent.
if env_str("DJANGO_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = env_header("DJANGO_PROXY_SSL_HEADER")
# The reverse proxies in front of the app (addresses or networks). Only a request that comes
# from one of them has its client address taken from X-Forwarded-For
# (healthinfo/client_identity.py); with none set, the header is never trusted.
TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Cookies exist only for staff in the admin: secure, not readable by scripts, short-lived.
SESSION_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
if HTTPS:
    # __Host- cookies are refused by browsers unless secure, host-only and for path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# The admin's address; another path than admin/ keeps it out of automated scans.
ADMIN_URL = env_str("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
LOGIN_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("DJANGO_LOGIN_LOCKOUT_SECONDS", 15 * 60, minimum=60)

# A strict policy on every page, admin included: only our own files, no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Features the site never uses, switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"
)

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "csp",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Revisions of articles (history, comparison, revert in the admin).
    "reversion",
    # Background tasks (articles/render_queue/): Django's task framework and its database
    # backend, whose worker is `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
    "articles",
]

MIDDLEWARE = [
    # Answers load balancers before anything else: no host check, no HTTPS redirect, no cache.
    "healthinfo.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Policy headers for every response, errors from the middleware below included.
    "healthinfo.middleware.PolicyHeadersMiddleware",
    "healthinfo.compression.TextCompressionMiddleware",
    # Answers If-None-Match with 304 for pages from the page cache (they carry an ETag).
    "django.middleware.http.ConditionalGetMiddleware",
    # Stores pages with the headers the middleware below adds (policies), so a page from the
    # cache passes through nothing else: that is most of the cost of a warm page.
    "articles.page_cache.middleware.PageCacheMiddleware",
    # Before whitenoise, so static and media responses carry the policy too (an SVG opened
    # on its own is a document that could run script).
    "csp.middleware.CSPMiddleware",
    # Static files come compressed from whitenoise (TextCompression leaves them be).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Old addresses redirect and removed articles answer 410, where there would be a 404.
    "articles.addresses.middleware.PreviousAddressMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost, so it sees the exceptions views raise.
    "healthinfo.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "healthinfo.urls"
WSGI_APPLICATION = "healthinfo.wsgi.application"

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
                "articles.context_processors.site",
            ],
        },
    },
]

# Database: a SQLite file unless DATABASE_URL names another one (PostgreSQL in production).
SQLITE_PATH = BASE_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes write at once (feedback under load): WAL lets readers go on while one
    # writes, IMMEDIATE takes the write lock at BEGIN so two writers queue instead of failing
    # with "database is locked" halfway through, and the timeout is how long they queue.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database server that does not answer must not hold a request for long: the page cache
    # then serves what it has, and everything else gets the 503 page.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 3
# While the database is unreachable, pages already in the cache are served under the last
# content version this site read, for this long after it was read
# (articles/page_cache/middleware.py).
DATABASE_OUTAGE_GRACE_SECONDS = env_int("DATABASE_OUTAGE_GRACE_SECONDS", 15 * 60, minimum=0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background tasks: rendering articles again after a glossary change, render_content. By
# default queued in the database above and run by `manage.py db_worker` (`make run` and
# `make serve` start one); "immediate" runs each task at once in the process that queues it,
# as the tests do, which brings the waiting back into the editor's request.
TASKS = {
    "default": {
        "BACKEND": env_choice(
            "DJANGO_TASKS_BACKEND",
            {
                "database": "django_tasks_db.DatabaseBackend",
                "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            },
            "database",
        ),
    }
}

# Public pages: kept server-side until the content changes (the key holds the content
# version), by browsers for a minute and by shared caches (CDN, proxy) for five.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 24 * 60 * 60, minimum=1)
PAGE_CACHE_BROWSER_SECONDS = env_int("PAGE_CACHE_BROWSER_SECONDS", 60, minimum=0)
PAGE_CACHE_SHARED_SECONDS = env_int("PAGE_CACHE_SHARED_SECONDS", 300, minimum=0)

# "default" is shared by all app servers when REDIS_URL is set. "pages" is each process's own
# copy of the pages it served lately (articles.page_cache): a page stored under a content
# version never changes, so the copy cannot go stale, and warm pages need no trip to Redis.
# Without Redis both names are the same in-process store.
LOCAL_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "healthinfo",
    "OPTIONS": {"MAX_ENTRIES": 500},
}
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Answers from the process's memory while Redis is down (healthinfo/shared_cache.py).
            "BACKEND": "healthinfo.shared_cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            # Lets several sites (or a test run) share one Redis without meeting.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "healthinfo"),
            # A Redis that hangs must not hang the pages: give up quickly and go on without it.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        "pages": LOCAL_CACHE,
    }
else:
    CACHES = {"default": LOCAL_CACHE, "pages": LOCAL_CACHE}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: German first; every public URL carries its language prefix.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", gettext_lazy("German")), ("en", gettext_lazy("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True

# A missing translation must show a notice, never the other language's text in its place.
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_ENABLE_FALLBACKS = False
# modeltranslation's tabbed admin loads jQuery UI from our own static files, not from a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Where import_content reads from unless told otherwise.
CONTENT_DIR = BASE_DIR / "content"

SITE_NAME = env_str("HEALTHINFO_SITE_NAME", "healthinfo")
# The site's address as readers and editors open it, for links outside a request (the
# addresses review_due prints for a cron mail).
BASE_URL = env_str("HEALTHINFO_BASE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
if not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", BASE_URL):
    raise ImproperlyConfigured(
        f"HEALTHINFO_BASE_URL must be an address such as https://healthinfo.example.org; "
        f"got {BASE_URL!r}"
    )

# Who runs the site: the imprint and the privacy notice name them, as German law requires.
# The defaults are placeholders for development and say so on the pages: production sets all
# four.
OPERATOR_NAME = env_str("HEALTHINFO_OPERATOR_NAME", "PLACEHOLDER operator name")
OPERATOR_ADDRESS = env_str(
    "HEALTHINFO_OPERATOR_ADDRESS", "PLACEHOLDER street and number, postcode and town"
)
OPERATOR_EMAIL = env_str("HEALTHINFO_OPERATOR_EMAIL", "placeholder@example.invalid")
OPERATOR_PHONE = env_str("HEALTHINFO_OPERATOR_PHONE", "PLACEHOLDER phone number")

# Request bodies: the admin's largest form, an article in both languages, stays well under
# 1 MiB. The feedback form is far smaller and has its own, tighter limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# Reader feedback (articles/feedback/).
# A comment of 5,000 characters, even of four-byte characters, is about 60 KB once form-encoded.
FEEDBACK_MAX_REQUEST_SIZE = 64 * 1024
# Name and email address of feedback are blanked after this many days
# (manage.py purge_feedback_personal_data; the privacy page states the number).
FEEDBACK_PERSONAL_DATA_DAYS = env_int("FEEDBACK_PERSONAL_DATA_DAYS", 180, minimum=1)
# Stored messages allowed per client (a salted, daily changing hash of its address) per window.
FEEDBACK_RATE_LIMIT = env_int("FEEDBACK_RATE_LIMIT", 5, minimum=1)
FEEDBACK_RATE_WINDOW = env_int("FEEDBACK_RATE_WINDOW", 60 * 60, minimum=1)
# A form sent sooner after it was rendered was not filled in by a person.
FEEDBACK_MIN_FILL_SECONDS = env_int("FEEDBACK_MIN_FILL_SECONDS", 3, minimum=0)
# A form older than this asks to be sent again. Keep shared caches' lifetime for article pages
# well below it.
FEEDBACK_FORM_MAX_AGE = env_int("FEEDBACK_FORM_MAX_AGE", 2 * 24 * 60 * 60, minimum=60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}
FORMAT_MODULE_PATH = ["healthinfo.formats"]

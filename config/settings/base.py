"""Settings shared by every environment. Everything that differs between machines is read from
the environment (see README, "Deploy"); the defaults make `make demo` work with no set-up."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.settings.env import env_bool, env_int, env_list, env_str

# ModelAdmin[Service], ModelForm[Persona] …: the types mypy checks, subscriptable at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parents[2]

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "csp",
    "cocreate.core",
    "cocreate.accounts",
    "cocreate.portfolio",
    "cocreate.renewals",
    "cocreate.assessments",
    "cocreate.readiness",
    "cocreate.journeys",
    "cocreate.quality",
    "cocreate.alliances",
    "cocreate.commitments",
    "cocreate.transparency",
    "cocreate.opendata",
    "cocreate.conversations",
    "cocreate.panels",
    "cocreate.notifications",
    "cocreate.community",
    "cocreate.workshops",
    "cocreate.home",
    "cocreate.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cocreate.core.middleware.AllowOn405Middleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cocreate.core.middleware.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cocreate.accounts.middleware.CurrentOrganisationMiddleware",
    "cocreate.accounts.middleware.GuestParticipantMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cocreate" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cocreate.home.context_processors.shell",
            ],
        },
    }
]
FORM_RENDERER = "cocreate.core.forms.AccessibleFormRenderer"

# SQLite when DATABASE_URL is unset (the demo and local tests); PostgreSQL in production and CI.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # Off by default: the check is one more round trip ("SELECT 1") at the start of every
        # request that uses the database (issue 20: a guest's vote makes six). A connection that
        # died (the database restarted) fails one request and is then replaced.
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default behaves like production under concurrent writers (the web server and
    # `manage.py db_worker` share one file): WAL lets readers run beside the one writer; IMMEDIATE
    # takes the write lock when a transaction begins, so two writers queue on the busy timeout
    # instead of one failing at once with "database is locked" when it upgrades a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,  # seconds a writer waits for the lock before it gives up
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
ON_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if ON_POSTGRESQL and env_bool("DB_PREPARED_STATEMENTS", True):
    # Parameters sent apart from the statement (server-side binding), and a statement run five
    # times on a connection prepared there: PostgreSQL then skips parsing and planning it, which
    # for the guests' short look-ups and upserts is much of what it spends (issue 20). Django leaves
    # this off for connection poolers: PgBouncer before 1.21 in transaction mode loses prepared
    # statements between transactions; set DB_PREPARED_STATEMENTS=false behind one (README, Deploy).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
DB_POOL_MAX_SIZE = env_int("DB_POOL_MAX_SIZE", 0)
if DB_POOL_MAX_SIZE and ON_POSTGRESQL:
    # Django's psycopg pool, per process: under the ASGI server every request runs on a thread of its
    # own, so without a pool a burst of requests opens a connection each and PostgreSQL refuses the
    # hundred-and-first. With it they take turns on a few connections (README, Deploy).
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections instead
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DB_POOL_MAX_SIZE,
        "timeout": env_int("DB_POOL_TIMEOUT", 20),  # seconds a request waits for a connection
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # Database cache: shared by every app process, so login throttling holds across processes.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_table"}
    }

TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

# Live pages (core/live.py, decision 0020): a stream ends after this long and the browser opens a
# new one (access is checked again); a quiet stream sends a comment this often so proxies keep it.
LIVE_STREAM_SECONDS = env_int("LIVE_STREAM_SECONDS", 600)
LIVE_HEARTBEAT_SECONDS = env_int("LIVE_HEARTBEAT_SECONDS", 15)
# Public pages a newcomer sees (renewal, results, a journey's participation page) are shared among
# visitors without an identity for this long (core/page_cache.py); 0 renders every visit.
SHARED_PAGE_SECONDS = env_int("SHARED_PAGE_SECONDS", 5)
# A conversation's opinion groups are recomputed at most this often: the run waits this long and
# takes every vote of that time (conversations/tasks.py). Results are shown no fresher: a page that
# cannot stream polls every 2 s. 0 recomputes after every burst at once.
OPINIONS_RECOMPUTE_SECONDS = env_int("OPINIONS_RECOMPUTE_SECONDS", 2)
# Staff are told of citizens' events in bursts: a queued telling waits this long and tells every
# event of that time at once (notifications/staff.py). 0 tells each burst at once.
STAFF_TELL_GATHER_SECONDS = env_int("STAFF_TELL_GATHER_SECONDS", 2)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:dashboard"
LOGOUT_REDIRECT_URL = "home:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# Throttling of the doors into accounts (accounts/throttle.py), per client address and per account.
# Log-in: failures from one address, or for one e-mail address, within the window are refused.
LOGIN_FAILURE_LIMIT = 10
LOGIN_ACCOUNT_FAILURE_LIMIT = 10
LOGIN_FAILURE_WINDOW_SECONDS = 5 * 60
# Password reset: requests (mails) per address and per e-mail address within the window.
PASSWORD_RESET_LIMIT_PER_ADDRESS = 5
PASSWORD_RESET_LIMIT_PER_ACCOUNT = 3
PASSWORD_RESET_WINDOW_SECONDS = 60 * 60
# Invitation acceptance: unknown links and sign-up attempts per address and per invitation.
INVITATION_ATTEMPT_LIMIT_PER_ADDRESS = 20
INVITATION_ATTEMPT_LIMIT_PER_INVITATION = 10
INVITATION_ATTEMPT_WINDOW_SECONDS = 15 * 60
# How many proxies in front of the app append to X-Forwarded-For (0: use REMOTE_ADDR only).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

INVITATION_VALID_DAYS = 14

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("sl", _("Slovenian"))]
LOCALE_PATHS = [BASE_DIR / "cocreate" / "locale"]
LANGUAGE_COOKIE_NAME = "cocreate_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("TIME_ZONE", "Europe/Ljubljana")
USE_I18N = True
# Dates and times by locale: Slovenian 3. 12. 2026, 24 h in both languages (cocreate/formats/).
FORMAT_MODULE_PATH = ["cocreate.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "cocreate" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads are served through core/media.py, which applies the owning object's rule. Empty: Django
# sends the bytes (demo, tests); set to the web server's internal location (e.g. "/protected-media/")
# and the server sends them via X-Accel-Redirect (README, "Deploy").
MEDIA_ACCEL_REDIRECT = env_str("MEDIA_ACCEL_REDIRECT")

# E-mail: console in the demo; SMTP in production through EMAIL_URL-style variables.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cocreate <noreply@localhost>")
# The public base URL ("https://cocreate.example.org"). Empty: links shown on pages are built from
# the request's host and port; e-mails sent from background tasks fall back to
# cocreate.core.links.FALLBACK_SITE_URL (http://127.0.0.1:8000). Set it in production.
SITE_URL = env_str("SITE_URL", "")

# Guest participants: a signed, per-browser identity cookie (see accounts/participants.py).
PARTICIPANT_COOKIE_NAME = "cocreate_participant"
PARTICIPANT_COOKIE_MAX_AGE = 60 * 60 * 24 * 365
# Retention (privacy app): guest identities idle this long are erased; e-mails never confirmed go
# after PRIVACY_UNCONFIRMED_EMAIL_DAYS (0: never) (`manage.py privacy_retention`, daily).
PRIVACY_GUEST_IDLE_MONTHS = env_int("PRIVACY_GUEST_IDLE_MONTHS", 24)
PRIVACY_UNCONFIRMED_EMAIL_DAYS = env_int("PRIVACY_UNCONFIRMED_EMAIL_DAYS", 7)
# The periodic jobs `manage.py run_schedule` runs (notifications/schedule.py): a management command
# and a cron expression in TIME_ZONE (empty: off). Each is safe to run twice.
SCHEDULE = {
    "send_commitment_reminders": env_str("SCHEDULE_COMMITMENT_REMINDERS", "0 6 * * *"),
    "send_digests": env_str("SCHEDULE_DIGESTS", "0 7 * * *"),
    "purge_panels": env_str("SCHEDULE_PURGE_PANELS", "30 3 * * *"),
}
# One phone is not a crowd (decision 0012): new guest identities per client address and window.
GUEST_IDENTITY_LIMIT = env_int("GUEST_IDENTITY_LIMIT", 5)
GUEST_IDENTITY_WINDOW_SECONDS = env_int("GUEST_IDENTITY_WINDOW_SECONDS", 60)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# No 'unsafe-inline' anywhere: every script and style is a file served from our origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Request bodies never reach the logs (they may carry personal data); only the summary line.
    "loggers": {"django.request": {"level": "WARNING"}},
}

# Encryption at rest of sensitive personal data (core/crypto.py). Production: a Fernet key of its own.
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY")
REQUIRE_FIELD_ENCRYPTION_KEY = False  # production: True (system check cocreate.E001)

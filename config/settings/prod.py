"""Production: secrets and hosts must come from the environment; HTTPS everywhere."""

from config.settings.base import *  # noqa: F403
from config.settings.env import env_bool, env_int, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY or SECRET_KEY.startswith("dev-only"):
    raise RuntimeError("Set SECRET_KEY in the environment for production.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preload-ready by default (check --deploy asks for it); set SECURE_HSTS_PRELOAD=false on hosts that
# must still be reachable over plain HTTP from some subdomain.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The panel-data key is never derived from SECRET_KEY here: without FIELD_ENCRYPTION_KEY the system
# check cocreate.E001 stops `check --deploy`, `migrate` and `runserver` (core/checks.py).
REQUIRE_FIELD_ENCRYPTION_KEY = True

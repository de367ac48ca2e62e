"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL is set (CI)."""

import os
import tempfile

from config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SHARED_PAGE_SECONDS = 0  # tests see every change at once; core/tests/test_page_cache.py turns it on
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# On SQLite the test database is a file, not shared memory: the browser tests' live server then
# gives each request thread its own connection, as a real server does, instead of sharing one.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # One file per test process, in the temp folder: parallel runs never share a database.
    test_database = os.path.join(tempfile.gettempdir(), f"cocreate-test-{os.getpid()}.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": test_database}  # noqa: F405
    # WAL (base settings) keeps a -wal and -shm file beside the database; one left by a crashed run
    # of an earlier process with the same id must not be replayed into the fresh test database.
    for leftover in (f"{test_database}-wal", f"{test_database}-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)

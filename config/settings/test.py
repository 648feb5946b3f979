"""Settings for the test suite. DATABASE_URL chooses SQLite (default) or PostgreSQL."""

import os

os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
# Tests export as a made-up authority.
os.environ.setdefault("CASEMAP_LA_NUMBER", "999")
os.environ.setdefault("CASEMAP_LA_CODE", "E06000999")

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses Argon2
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEMO_MODE = False
# A task runs as it is enqueued; the worker's own path is tested with the database backend where it matters.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # One test database per run, so two suites on the same server (two people, or a suite beside a
    # benchmark) never meet in the same database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_casemap_{os.getpid()}"}  # noqa: F405

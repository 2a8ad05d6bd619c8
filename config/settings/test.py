"""Tests: fast and deterministic; PostgreSQL when DATABASE_URL is set, else SQLite."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Serve static files straight from the apps' folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Background jobs run at once, in the test's own process and transaction.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Built PDFs go to a throw-away folder (tests/guides/conftest.py empties it).
PDF_ROOT = BASE_DIR / "var" / "test-pdfs"  # noqa: F405
STORAGES = {**STORAGES, "pdfs": {**STORAGES["pdfs"], "OPTIONS": {"location": PDF_ROOT}}}  # noqa: F405

"""Production settings, relaxed only so the benchmark can talk plain HTTP to gunicorn on 127.0.0.1.

Everything else (DEBUG off, Argon2, manifest static files, the middleware stack, the database
settings from DATABASE_URL and DB_CONN_MAX_AGE) is exactly production. Never deploy with this.
"""

from config.settings.production import *  # noqa: F403

# Loopback plain HTTP: no redirect to HTTPS, no HSTS, and cookies the client may send back over http.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The __Host- prefix is only accepted by clients on a secure origin.
SESSION_COOKIE_NAME = "casemap-session"
CSRF_COOKIE_NAME = "casemap-csrf"

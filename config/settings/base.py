"""Settings shared by every environment. Environment-specific files import from here."""

from pathlib import Path

from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from config.database import database_settings
from config.env import env_bool, env_int, env_list, env_matching, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-local-key-only-for-development-and-tests")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# Demo mode relaxes two-factor sign-in so the demo personas can be tried at once.
DEMO_MODE = env_bool("CASEMAP_DEMO_MODE", False)

# The access log's hash chain is keyed (HMAC-SHA256) so that someone who can write to the database cannot recompute
# it. The key lives in the environment, never in the database; old keys only verify rows written before a
# rotation (comma-separated). The fixed key is for development and tests only: the deploy check refuses it.
ACCESS_LOG_DEVELOPMENT_KEY = "insecure-access-log-key-only-for-development-and-tests"
ACCESS_LOG_KEY = env_str("CASEMAP_ACCESS_LOG_KEY", ACCESS_LOG_DEVELOPMENT_KEY)
ACCESS_LOG_OLD_KEYS = env_list("CASEMAP_ACCESS_LOG_OLD_KEYS", [])

# The authority in statutory returns: the DfE's three-digit local authority number (the census's LEA) and the
# nine-character ONS code of an English upper-tier authority. A malformed value stops start-up; an unset one is
# refused by the deploy check and by every export (casemap/returns/checks.py).
# Long exports and imports run in the background: `manage.py db_worker` takes tasks from the database (`make run`
# starts one beside the server). django-tasks is the backport of Django 6's task API.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LA_NUMBER = env_matching("CASEMAP_LA_NUMBER", r"[0-9]{3}", "the authority's three-digit DfE number, like 202")
LA_CODE = env_matching(
    "CASEMAP_LA_CODE", r"E(06|08|09|10)[0-9]{6}", "the authority's nine-character ONS code, like E09000007"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "casemap.core",
    "casemap.accounts",
    "casemap.access",
    "casemap.people",
    "casemap.cases",
    "casemap.handoffs",
    "casemap.mapping",
    "casemap.voice",
    "casemap.safety",
    "casemap.quality",
    "casemap.words",
    "casemap.meetings",
    "casemap.supervision",
    "casemap.feedback",
    "casemap.library",
    "casemap.returns",
    "casemap.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "casemap.accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "casemap.accounts.middleware.RequireTwoFactorMiddleware",
    "casemap.access.middleware.RefusedRequestLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "casemap.core.middleware.NoStoreMiddleware",
    "casemap.access.page_answers.PageAnswersMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casemap.core.context_processors.casemap",
            ],
            "builtins": ["casemap.core.templatetags.govuk"],
        },
    }
]
FORM_RENDERER = "casemap.core.forms.GovukFormRenderer"

SQLITE_PATH = BASE_DIR / "var" / "casemap.sqlite3"
DATABASES = {
    "default": database_settings(
        env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        postgres_jit=env_str("POSTGRES_JIT", "off"),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "casemap.accounts.passwords.CasemapArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Argon2id's memory (KiB) and passes, one lane: OWASP's first setting by default (casemap/accounts/passwords.py).
# Fewer passes need more memory; anything weaker than OWASP's least (7 MiB with 5 passes, about 35,000 KiB-passes in
# each of its five settings) stops start-up.
ARGON2_MEMORY_KIB = env_int("CASEMAP_ARGON2_MEMORY_KIB", 19_456)
ARGON2_TIME_COST = env_int("CASEMAP_ARGON2_TIME_COST", 2)
ARGON2_LEAST_KIB_PASSES = 7_168 * 5
if ARGON2_TIME_COST < 1 or ARGON2_MEMORY_KIB < 7_168 or ARGON2_MEMORY_KIB * ARGON2_TIME_COST < ARGON2_LEAST_KIB_PASSES:
    raise ImproperlyConfigured(
        "CASEMAP_ARGON2_MEMORY_KIB and CASEMAP_ARGON2_TIME_COST are weaker than OWASP's least Argon2id setting: "
        "use at least 19456 KiB with 2 passes, 47104 KiB with 1, or 7168 KiB with 5."
    )
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "cases:my-caseload"
LOGOUT_REDIRECT_URL = "accounts:signed-out"

# Lock a username from one address after AXES_FAILURE_LIMIT failures from there, and from every address after
# USERNAME_FAILURE_LIMIT failures from anywhere (Cyber Essentials: no more than 10), so rotating addresses does not
# help a guesser. Never lock an address alone: a council's staff all reach us from its proxy's address, so five
# mistakes would lock out everyone. Axes has one limit for both entries; the handler gives each its own.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
USERNAME_FAILURE_LIMIT = env_int("CASEMAP_USERNAME_FAILURE_LIMIT", 10)
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_HANDLER = "casemap.accounts.lockout.UsernameAndAddressHandler"
AXES_COOLOFF_TIME = 0.5  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "casemap.accounts.lockout.lockout_response"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "casemap.core.client_address.client_address"

# The client's address, for the lock-out records and the access log. Unset: the connection's own address (a header
# the client sends is ignored). Behind reverse proxies: the header they add (e.g. X-Forwarded-For) and how many of
# them there are; the address taken is the one the outermost trusted proxy appended (casemap/core/client_address.py).
TRUSTED_PROXY_HEADER = env_str("CASEMAP_TRUSTED_PROXY_HEADER", "")
TRUSTED_PROXY_COUNT = env_int("CASEMAP_TRUSTED_PROXY_COUNT", 1)
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured("CASEMAP_TRUSTED_PROXY_COUNT must be 1 or more.")

# Idle time-out: the session ends after 30 minutes without a request.
IDLE_TIMEOUT_SECONDS = env_int("IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en-gb"
# The languages a feedback respondent may choose; staff pages stay in English. Each is named in its own language.
# Another language needs its message catalogue in LOCALE_PATHS (locale/<code>/LC_MESSAGES/django.po and .mo).
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"

# Uploaded drawings and scans: at most this many bytes, and pictures of at most this many pixels (checked before a
# picture is decoded, so a small file claiming to be huge cannot exhaust memory). Files are kept in the database.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 40_000_000)
# A file field's bytes do not count towards this, but the drawing pad's picture comes as a form field.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440 + (UPLOAD_MAX_BYTES * 4) // 3)
# An upload within the limit is held in memory, never written to a temporary file on the server's disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES

STATIC_URL = "/static/"
STATIC_ROOT = None  # production.py sets it; development and tests serve from the finders
WHITENOISE_USE_FINDERS = True
STATICFILES_DIRS = [BASE_DIR / "static"]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# The name families see on feedback pages and cards: the council, never the case.
AUTHORITY_NAME = env_str("CASEMAP_AUTHORITY_NAME", "Your council")
# Days a feedback link works for.
FEEDBACK_LINK_DAYS = env_int("CASEMAP_FEEDBACK_LINK_DAYS", 28)

# Nothing about a child is written to stdout: only warnings from Django itself, no request lines.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_feedback_links": {"()": "casemap.feedback.log_redaction.RedactFeedbackLinks"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_feedback_links"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_feedback_links"],
        },
    },
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

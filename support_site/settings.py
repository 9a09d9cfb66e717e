"""Settings, read only from the environment (see README.md, "Configuration")."""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from core.crisis_resources import crisis_resources_validate

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def _local_secret_key() -> str:
    # Without SECRET_KEY in the environment, a random key kept in var/ (never committed) serves this checkout.
    path = VAR_DIR / "secret-key"
    if not path.exists():
        VAR_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The site's own origin is always trusted: behind a TLS proxy without SECURE_PROXY_SSL_HEADER, Django would
# otherwise see an http request with an https Origin and refuse every form.
_SITE_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(SITE_URL))
CSRF_TRUSTED_ORIGINS = [_SITE_ORIGIN, *env.list("CSRF_TRUSTED_ORIGINS", default=[])]
SITE_NAME = env.str("SITE_NAME", default="Kindred")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "mptt",
    "django_ratelimit",
    # The apps in layer order (README "Architecture"): each imports only those above it in this list, and hook
    # handlers (registered in ready()) run in this order.
    "core",
    "accounts",
    "comments",
    "nudges",  # the nudge before posting (issue 15)
    "moderation",
    "notifications",
    "readers",  # readers' help: reply guidance, the waiting page, support signals, guidelines once (issue 15)
    "imports",  # WordPress and Disqus imports (issue 6)
    "demo",  # manage.py load_demo
    "ops",  # operating the site (issue 17): metrics, request and task logs
]

MIDDLEWARE = [
    # Outermost: one log line for every request, whatever answered it (ops/logs.py).
    "ops.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "support_site.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Runs before any view-phase check (the CSRF check reads the body), so a non-UTF-8 form gets a 400, not a 500.
    "support_site.middleware.FormCharsetMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost, so it sees a view's lost database connection first (core/failures.py).
    "core.failures.DatabaseDownMiddleware",
]

ROOT_URLCONF = "support_site.urls"
WSGI_APPLICATION = "support_site.wsgi.application"

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
                "support_site.context_processors.site",
                "comments.context_processors.vocabularies",
                "moderation.context_processors.open_items",
                "moderation.context_processors.vocabularies",
                "notifications.context_processors.vocabularies",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------------------------
# An empty DATABASE_URL means "not set" (the embedded SQLite default), not a broken URL.
DATABASES = {"default": env.db_url_config(os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if not DATABASES["default"].get("ENGINE"):
    raise ImproperlyConfigured("DATABASE_URL is not a database URL this site knows (postgres://... or sqlite:///...).")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat write to one file at once: WAL lets readers go on while one writes, IMMEDIATE
    # takes the write lock at BEGIN (no upgrade deadlocks), and the timeout makes writers queue, not fail.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and broker; without it, the embedded mode -----------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # The cache is optional for correctness: when Redis does not answer, the same calls go to the database cache
    # table (rate limits included) and Redis is tried again every CACHE_REDIS_RETRY_SECONDS (support_site/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "support_site.cache.FailoverCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "FALLBACK_TABLE": "cache_entries",
                "RETRY_SECONDS": env.float("CACHE_REDIS_RETRY_SECONDS", default=15.0),
                # A stopped Redis must cost a request well under a second, once per retry period.
                "REDIS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
            },
        }
    }
else:
    # Shared by web, worker and beat processes (the rate limit must count across them).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_entries"}}

# --- Celery ----------------------------------------------------------------------------------------------
# With a host in the URL: kombu warns "No hostname was supplied" once per connection without one.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://localhost/")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _processed_dir = VAR_DIR / "celery" / "processed"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        # The exchange tables too (kombu's default is "control" in the working directory).
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
        "polling_interval": 0.2,
    }
    _queue_dir.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery" / "control").mkdir(exist_ok=True)
else:
    # Redis redelivers unacknowledged tasks only after this; every countdown stays far below it.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        "socket_connect_timeout": 1,
        "socket_timeout": 2,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=1.0)
# A web request that enqueues while the broker is down must still answer within ~2 s: one quick retry, then
# give up (the minute-by-minute sweeper picks the work up once the broker is back).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Survives a broker that goes away while the worker holds tasks (support_site/worker.py says why).
CELERY_WORKER_CONSUMER = "support_site.worker:BrokerLossConsumer"
CELERY_TASK_DEFAULT_QUEUE = "default"
# Care checks and urgent alerts have their own queue so e-mail work never delays them.
CELERY_TASK_QUEUES = (Queue("default"), Queue("care"), Queue("email"))
CELERY_TASK_ROUTES = {
    # Not on "care" or "email": it must run when either of those is what is stuck (exact names win over patterns).
    "notifications.tasks.stall_check_task": {"queue": "default"},
    "moderation.*": {"queue": "care"},
    "notifications.*": {"queue": "email"},
    "core.*": {"queue": "email"},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TIMEZONE = "UTC"

# --- Auth ------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "comments:post_list"
LOGOUT_REDIRECT_URL = "comments:post_list"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
EMAIL_VERIFICATION_MAX_AGE = env.int("EMAIL_VERIFICATION_MAX_AGE", default=3 * 24 * 3600)

# --- E-mail: one URL, e.g. smtp+tls://user:password@mail.example.org:587 ----------------------------------
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(env.email_url_config(EMAIL_URL))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Comments --------------------------------------------------------------------------------------------
COMMENT_MAX_LENGTH = 10_000
COMMENT_EDIT_WINDOW_MINUTES = env.int("COMMENT_EDIT_WINDOW_MINUTES", default=15)
COMMENT_RATE_LIMIT = env.str("COMMENT_RATE_LIMIT", default="5/m")
# A post's author answering readers in their own post's threads (counted apart from other comments).
POST_AUTHOR_COMMENT_RATE_LIMIT = env.str("POST_AUTHOR_COMMENT_RATE_LIMIT", default="30/m")
REPORT_RATE_LIMIT = env.str("REPORT_RATE_LIMIT", default="20/h")  # reports per reader
# "Sending support" and "I relate" given or taken back, per reader (issue 15).
READERS_SIGNAL_RATE_LIMIT = env.str("READERS_SIGNAL_RATE_LIMIT", default="60/h")
# A new reader accepts the community guidelines once, before their first comment is posted (issue 15).
READERS_GUIDELINES_FIRST = env.bool("READERS_GUIDELINES_FIRST", default=True)
# The nudge before posting (nudges): draft checks per writer, the endpoint and the form's POST together.
NUDGE_CHECK_RATE_LIMIT = env.str("NUDGE_CHECK_RATE_LIMIT", default="12/m")
NUDGE_CHECK_HOURLY_RATE_LIMIT = env.str("NUDGE_CHECK_HOURLY_RATE_LIMIT", default="60/h")
# Per client address, except the per-address reset limit (per e-mail address) and the resend (per account).
ACCOUNTS_LOGIN_RATE_LIMIT = env.str("ACCOUNTS_LOGIN_RATE_LIMIT", default="10/m")
ACCOUNTS_SIGNUP_RATE_LIMIT = env.str("ACCOUNTS_SIGNUP_RATE_LIMIT", default="20/h")
ACCOUNTS_PASSWORD_RESET_RATE_LIMIT = env.str("ACCOUNTS_PASSWORD_RESET_RATE_LIMIT", default="5/m")
ACCOUNTS_PASSWORD_RESET_ADDRESS_RATE_LIMIT = env.str("ACCOUNTS_PASSWORD_RESET_ADDRESS_RATE_LIMIT", default="5/h")
ACCOUNTS_VERIFY_RESEND_RATE_LIMIT = env.str("ACCOUNTS_VERIFY_RESEND_RATE_LIMIT", default="3/h")
ACCOUNTS_EMAIL_CHANGE_RATE_LIMIT = env.str("ACCOUNTS_EMAIL_CHANGE_RATE_LIMIT", default="3/h")  # per account
ACCOUNTS_EXPORT_RATE_LIMIT = env.str("ACCOUNTS_EXPORT_RATE_LIMIT", default="10/h")  # downloads per account
COMMENTS_PAGE_THREADS = 50
COMMENTS_PAGE_COMMENTS = 300
COMMENTS_DISPLAY_DEPTH = 6
# Readers in distress should be able to speak at once; verification gates e-mail, not commenting.
COMMENTS_REQUIRE_VERIFIED_EMAIL = env.bool("COMMENTS_REQUIRE_VERIFIED_EMAIL", default=False)

# django-ratelimit is called directly (comments.views) so a limit answers 429, never its default 403.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
# How many reverse proxies in front of the site append to X-Forwarded-For. 0 (the default): the address is the
# connection's own (REMOTE_ADDR) and the header is ignored, since anyone can send it. Set it to 1 behind one proxy
# (nginx, Caddy) so rate limits and the log-in throttle count the reader's address, not the proxy's.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "support_site.net.client_ip"
# Log-in throttle (accounts/throttle.py): after this many wrong passwords for one address (e-mail), each further
# try must wait 1 s, 2 s, 4 s ... up to the cap; a correct password or a password reset clears it.
LOGIN_THROTTLE_FREE_FAILURES = env.int("LOGIN_THROTTLE_FREE_FAILURES", default=3)
LOGIN_THROTTLE_MAX_DELAY_SECONDS = env.int("LOGIN_THROTTLE_MAX_DELAY_SECONDS", default=30)
SILENCED_SYSTEM_CHECKS = [
    # User.email is unique through a case-insensitive constraint on Lower(email), stricter than unique=True.
    "auth.E003",
    # Django's own RedisCache is atomic (INCR) but not on django-ratelimit's list.
    "django_ratelimit.W001",
    # Embedded mode only: the database cache increments with read-then-write, so two simultaneous posts by one
    # user may count once. A rate limit that is off by one under a race is acceptable on a single machine.
    "django_ratelimit.E003",
    # HSTS preload is opt-in (SECURE_HSTS_PRELOAD): joining browsers' preload lists is the operator's decision.
    "security.W021",
]

# Crisis resources shown on "Need help now?", on the author's page after a crisis comment and in care e-mails.
# Each entry: region, name, contact (text), and optionally tel and sms (numbers, rendered as tel: and sms: links).
CRISIS_RESOURCES = crisis_resources_validate(
    env.json(
        "CRISIS_RESOURCES",
        default=[
            {
                "region": "United States",
                "name": "988 Suicide & Crisis Lifeline",
                "contact": "free and confidential, any time",
                "tel": "988",
                "sms": "988",
            },
            {"region": "UK and Ireland", "name": "Samaritans", "contact": "free, day or night", "tel": "116 123"},
            {"region": "Anywhere", "name": "Emergency services", "contact": "Your local emergency number"},
        ],
    )
)

# --- Static files, i18n, security ------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # serve straight from the app folders when collectstatic has not run
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# An https SITE_URL means the site is served over TLS: cookies only travel over it, http is redirected and
# browsers are told (HSTS) to use https from then on. Each can still be set on its own.
_HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=_HTTPS)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=_HTTPS)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain http
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=_HTTPS)
# Preloading is a promise to browsers that is slow to take back: only on request (check --deploy's W021 is
# silenced below for that reason).
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Opt-in: only behind a proxy that always sets (or strips) this header, e.g.
# SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https. Trusting it without such a proxy would let any client
# claim https.
_PROXY_SSL_HEADER = env.list("SECURE_PROXY_SSL_HEADER", default=[])
if _PROXY_SSL_HEADER:
    if len(_PROXY_SSL_HEADER) != 2 or not _PROXY_SSL_HEADER[0].startswith("HTTP_"):
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER is 'HTTP_<HEADER>,<value>', e.g. HTTP_X_FORWARDED_PROTO,https"
        )
    SECURE_PROXY_SSL_HEADER = tuple(_PROXY_SSL_HEADER)
# Pages load only the site's own scripts and styles (no inline script or style attribute anywhere);
# imported blog posts may show images from their old https hosts. E-mails are not pages: their inline styles
# are not affected.
CONTENT_SECURITY_POLICY = env.str(
    "CONTENT_SECURITY_POLICY",
    default="; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' https:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            *(["upgrade-insecure-requests"] if _HTTPS else []),
        ]
    ),
)
PERMISSIONS_POLICY = env.str(
    "PERMISSIONS_POLICY",
    default=(
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
        "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
    ),
)

# One line per request (kindred.request) and per task (kindred.task) with ids, never comment text; addresses are
# replaced in every line. LOG_FORMAT=json writes one JSON object per line for a log collector.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT is text or json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"()": "ops.logs.TextFormatter", "format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "ops.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # kindred.task's line replaces Celery's "received" and "succeeded: <return value>" lines; failures and
        # retries are still logged by Celery at WARNING and above.
        "celery.app.trace": {"level": "WARNING"},
        "celery.worker.strategy": {"level": "WARNING"},
    },
}
# The worker and beat use LOGGING above instead of replacing the root logger's handlers with their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Metrics (ops/metrics.py): /metrics for Prometheus, open to staff and to this bearer token ---------------
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# --- Care checks (moderation) ----------------------------------------------------------------------------
# Dotted paths of classifier classes; each must be pure (no ORM, no network). See moderation/classifiers/.
CARE_CLASSIFIERS = env.list("CARE_CLASSIFIERS", default=["moderation.classifiers.rules.RuleClassifier"])
CARE_THRESHOLD = env.float("CARE_THRESHOLD", default=0.5)
# "check_first": others see a new comment once it has been checked (normally well under a second).
# "publish_first": others see it at once and a failed check hides it. Notifications always wait for the check.
CARE_MODE = env.str("CARE_MODE", default="check_first")
CARE_HOLD_CRISIS = env.bool("CARE_HOLD_CRISIS", default=False)  # crisis comments stay visible by default
CARE_HOLD_HIGH_CRISIS = env.bool("CARE_HOLD_HIGH_CRISIS", default=True)  # a stated plan, means or method
CARE_ALERT_EMAIL = env.str("CARE_ALERT_EMAIL", default="")  # also alerted when no moderator opted in
CARE_DISTRESS_REPLY_MINUTES = env.int("CARE_DISTRESS_REPLY_MINUTES", default=240)
CARE_SWEEP_GRACE_SECONDS = env.int("CARE_SWEEP_GRACE_SECONDS", default=30)
CARE_WAIT_FOR_CHECK_SECONDS = env.float("CARE_WAIT_FOR_CHECK_SECONDS", default=2.0)
# A crisis item nobody has acted on within this time alerts every moderator again, and after as long again
# CARE_ALERT_EMAIL.
CARE_CRISIS_REALERT_MINUTES = env.int("CARE_CRISIS_REALERT_MINUTES", default=15)
# When the oldest unchecked comment or the oldest due e-mail is older than this, moderators with urgent alerts and
# NOTIFY_OPERATOR_EMAILS are told once per incident, the queue page says so and /healthz/backlog answers 503.
CARE_STALL_ALERT_SECONDS = env.int("CARE_STALL_ALERT_SECONDS", default=300)
# How often beat runs the care and notification sweepers (work whose task was lost: broker down at commit, a
# worker killed). The fault tests shorten it to a second or two.
SWEEP_INTERVAL_SECONDS = env.float("SWEEP_INTERVAL_SECONDS", default=60.0)
CELERY_BEAT_SCHEDULE = {
    "care-stall-check": {"task": "notifications.tasks.stall_check_task", "schedule": 60.0},
    "care-sweep": {"task": "moderation.tasks.care_sweep_task", "schedule": SWEEP_INTERVAL_SECONDS},
    "care-distress-followup": {"task": "moderation.tasks.distress_followup_task", "schedule": 300.0},
    "care-crisis-realert": {"task": "moderation.tasks.crisis_realert_task", "schedule": 60.0},
}

# --- Reply notifications (notifications/; README "Reply notifications") ----------------------------------
# Time between a comment becoming visible and its e-mails, so quick edits and removals land first. Kept as
# each delivery's send_after and as the send task's countdown, far below the broker's visibility_timeout.
NOTIFY_SEND_DELAY_SECONDS = env.int("NOTIFY_SEND_DELAY_SECONDS", default=120)
NOTIFY_DIGEST_HOUR = env.int("NOTIFY_DIGEST_HOUR", default=8)  # UTC hour of the daily digest
NOTIFY_CHUNK_SIZE = env.int("NOTIFY_CHUNK_SIZE", default=100)  # recipients planned per task
NOTIFY_RETRY_BASE_SECONDS = env.float("NOTIFY_RETRY_BASE_SECONDS", default=30.0)  # doubles per attempt
NOTIFY_RETRY_MAX_SECONDS = env.float("NOTIFY_RETRY_MAX_SECONDS", default=1800.0)
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", default=6)
# A delivery still "sending" after this long belonged to a worker that died; it is failed, never re-sent.
NOTIFY_SENDING_TIMEOUT_SECONDS = env.int("NOTIFY_SENDING_TIMEOUT_SECONDS", default=600)
# Comments published longer ago than this are never planned (the sweeper's window; old news is not news).
NOTIFY_PLAN_MAX_AGE_HOURS = env.int("NOTIFY_PLAN_MAX_AGE_HOURS", default=6)
NOTIFY_EXCERPT_CHARS = env.int("NOTIFY_EXCERPT_CHARS", default=300)
# Who hears of permanent mail errors that are not one recipient's fault (bad credentials, a refused sender).
NOTIFY_OPERATOR_EMAILS = env.list("NOTIFY_OPERATOR_EMAILS", default=[])
# At most one such e-mail per kind of error in this time (every failure is still logged); 0 e-mails each one.
NOTIFY_OPERATOR_ALERT_INTERVAL_SECONDS = env.int("NOTIFY_OPERATOR_ALERT_INTERVAL_SECONDS", default=600)
# The notification sweeper plans a comment nobody planned this long after it was published, and re-enqueues an
# e-mail this long past its time (under a backlog the worker is merely late; re-enqueueing sooner grows the queue).
NOTIFY_SWEEP_PLAN_GRACE_SECONDS = env.int("NOTIFY_SWEEP_PLAN_GRACE_SECONDS", default=30)
NOTIFY_SWEEP_SEND_GRACE_SECONDS = env.int("NOTIFY_SWEEP_SEND_GRACE_SECONDS", default=300)
CELERY_BEAT_SCHEDULE.update(
    {
        "notify-sweep": {"task": "notifications.tasks.notify_sweep_task", "schedule": SWEEP_INTERVAL_SECONDS},
        # Queued e-mails whose task was lost (broker down at commit): sent late, never twice.
        "email-sweep": {"task": "core.tasks.emails_sweep_task", "schedule": SWEEP_INTERVAL_SECONDS},
        # Four runs in the digest hour: a missed beat tick still sends, the (user, day) record stops repeats.
        "notify-digest": {
            "task": "notifications.tasks.digests_plan_task",
            "schedule": crontab(minute="*/15", hour=NOTIFY_DIGEST_HOUR),
        },
    }
)

"""Settings, read from the environment (DESIGN §9).

The embedded default needs nothing but pip: SQLite in the project folder, a
server-less Celery broker (kombu's filesystem transport) under var/, and email
written to files under var/mail.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# The key signs sessions, CSRF tokens and the opinion box's challenges: with a known one anyone forges
# them (issue 14, item 7). The development key is accepted with DEBUG on only; with DEBUG off the key
# must be set, at least 50 characters of at least 5 different ones (Django's own measure, W009), and not
# the development one. DEBUG is off in production and also in the demo and the test run, which bring
# keys of their own: dev.py makes one per checkout (var/secret_key), pytest reads tests/settings.py.
# Without SECRET_KEY the key is read from SECRET_KEY_FILE (a file only the service's user reads; by
# default the checkout's own var/secret_key, so `manage.py` works by hand where dev.py has made one).
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
SECRET_KEY_FILE = Path(env("SECRET_KEY_FILE", default=str(VAR_DIR / "secret_key")))
SECRET_KEY = (
    env("SECRET_KEY", default="")
    or (SECRET_KEY_FILE.read_text().strip() if SECRET_KEY_FILE.is_file() else "")
    or (DEVELOPMENT_SECRET_KEY if DEBUG else "")
)
if not DEBUG and (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY == DEVELOPMENT_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "SECRET_KEY is unset, shorter than 50 characters or the development key, and DEBUG is off.\n"
        "拒绝启动：DEBUG 关闭时必须在环境变量 SECRET_KEY 中设置一个随机生成、至少50个字符的密钥"
        "（未设置、过短或使用开发密钥都不行）。生成方法：\n"
        '    python -c "import secrets; print(secrets.token_urlsafe(50))"\n'
        "开发时请用 python3 dev.py run（自动生成本机密钥）或设置 DEBUG=1；"
        "运行测试时 pytest 使用 tests/settings.py，manage.py 命令可加 --settings tests.settings。"
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before django.contrib.auth: its createsuperuser is replaced by ours (the password is an initial one).
    "security",
    "orgs.admin_site.SystemAdminConfig",  # django.contrib.admin, for the system administrator only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "orgs",
    "meetings",
    "documents",
    "feedback",
    "inspection",
    "rectification",
    "reminders",
    "reporting",
    "supervision",
    "audit",
    "axes",
]

MIDDLEWARE = [
    # CSP, frame denial and no-store on every response but static files (issue 14, item 9).
    "config.security_headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request being served, so an audit event written by a service has the client's address.
    "audit.middleware.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session limits, then the password a person must change first (issue 14).
    "security.middleware.SessionLimitsMiddleware",
    "security.middleware.PasswordChangeMiddleware",
    # A closed meeting is read-only: every change to it is refused here (DESIGN §10).
    "reporting.archive.ArchiveMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a login refused by the lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "orgs.context_processors.current_organisations",
                "reminders.context_processors.notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Connections are kept between requests (issue 16: opening one cost ~25 ms per request on PostgreSQL;
# with 60 s a login_required page went from 125 to 813 req/s), and checked before reuse, so one the
# server has dropped (a restart, a failover) is reopened instead of failing the request.
CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=60)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# A read replica for the supervisors' pages (config/db_routers.py); without one, everything reads default.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["config.db_routers.ReplicaRouter"]
for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = CONN_MAX_AGE
    _database["CONN_HEALTH_CHECKS"] = True
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        # Web, worker and beat share the file: wait for a lock instead of failing at once.
        _database.setdefault("OPTIONS", {})["timeout"] = 20
    elif _database["ENGINE"] == "django.db.backends.postgresql":
        # No JIT: the 督导总览's correlated subqueries over a province's 10,000 meetings are estimated dear
        # enough to be compiled, 0.98 s of a 1.38 s COUNT (EXPLAIN ANALYZE, bench/province.py); pages'
        # queries run in milliseconds and never repay a compilation.
        _database.setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"

# Passwords (issue 14, 等保 身份鉴别): at least 8 characters with three of upper, lower, digits and
# symbols, not like the username or name, not a common one, none of the last 5 (security/validators.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "security.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "security.validators.CharacterKindsValidator", "OPTIONS": {"min_kinds": 3}},
    {
        "NAME": "security.validators.NotLikeTheNamesValidator",
        "OPTIONS": {"user_attributes": ["username", "display_name"]},
    },
    {"NAME": "security.validators.NotCommonValidator"},
    {"NAME": "security.validators.PasswordHistoryValidator", "OPTIONS": {"count": 5}},
]
# axes' backend first: it refuses any login while the account or the address is locked out.
AUTHENTICATION_BACKENDS = [
    "security.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Evidence files (佐证材料) of rectification items: the largest accepted, in bytes.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FILES = 20
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files are served by WhiteNoise from STATIC_ROOT (collectstatic) and, for a
# checkout that has not run collectstatic yet, straight from the app folders.
WHITENOISE_USE_FINDERS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: files under var/mail by default, SMTP (or anything) through EMAIL_URL.
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="民主生活会系统 <noreply@localhost>")

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport.
REDIS_URL = env("REDIS_URL", default="")
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    BROKER_DIR = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        # Broadcast (pidbox) messages too, or kombu writes ./control/ wherever it runs.
        "control_folder": str(BROKER_DIR / "control"),
    }
    # The filesystem transport needs its folders before the first message is sent or read. Made here,
    # where they are named: config.celery is imported while a settings module that imports this one
    # (tests/settings.py) is still half-loaded, so it cannot read them from the Celery config then.
    for _folder in ("queue", "processed", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# A page never waits on the broker: a send that cannot be published fails at once and its reminder
# row stays pending for the next scan (reminders.scan.enqueue).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE = {
    "scan-reminders": {"task": "reminders.tasks.scan_reminders", "schedule": 600.0},
    "prune-audit": {"task": "audit.tasks.prune_audit", "schedule": crontab(hour=3, minute=0)},
    "office-digests": {
        "task": "reminders.tasks.send_office_digests",
        "schedule": crontab(hour=8, minute=0),
    },
    "supervisor-digests": {
        "task": "reminders.tasks.send_supervisor_digests",
        "schedule": crontab(hour=8, minute=30, day_of_week="mon"),
    },
}

# 安全审计: events are kept this many days, at least 180 (等保: ≥ 6 months; audit.services.retention_days).
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=180)

# Reminders: links in emails are absolute; an optional group-robot webhook as a second channel.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
REMINDER_WEBHOOK_URL = env("REMINDER_WEBHOOK_URL", default="")

# Fonts for the PDF renderer: a fontconfig file of ours that maps the official
# font names (仿宋_GB2312, 方正小标宋简体 …) to the free CJK fonts from Debian.
FONTCONFIG_FILE = BASE_DIR / "documents" / "fonts" / "fonts.conf"

# --- Login, sessions and passwords (issue 14; the security administrator changes these on 安全设置,
# security.models.SecurityPolicy, whose defaults they are). ------------------------------------------
# Failed logins before an account is locked, and from one address whatever the account (larger: an
# office behind one NAT shares an address; security/lockout.py), and how long a lock lasts.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=30)
# A session ends after this long without activity, and this long after login whatever happens.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
# A password must be changed after this many days; 0: never (the demo, through dev.py).
PASSWORD_EXPIRY_DAYS = env.int("PASSWORD_EXPIRY_DAYS", default=90)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600 or 14 * 24 * 3600

# django-axes counts the failures; security.lockout gives it the policy's limits and our rules.
AXES_HANDLER = "security.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = "security.lockout.failure_limit"
AXES_COOLOFF_TIME = "security.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own, not the pair
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # attempts during a lock are refused, not counted
AXES_CLIENT_IP_CALLABLE = "security.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "security.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 403
# Logins, logouts and failures are in the audit trail, kept as long as it is: no second log in axes'
# tables, and lockouts are the security administrator's page, not the system administrator's admin.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False

# HTTPS: on by default when the site is served over https (SITE_URL) and DEBUG is off; each can be
# set on its own. Behind a reverse proxy that ends TLS, set SECURE_PROXY_SSL_HEADER to the header it
# sets (e.g. HTTP_X_FORWARDED_PROTO), or the redirect to https never ends.
HTTPS = not DEBUG and SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=HTTPS)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=HTTPS)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
if env("SECURE_PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = (env("SECURE_PROXY_SSL_HEADER"), "https")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HSTS preload is a list browsers ship for public domains; an office's intranet host is not on it and
# cannot be, so check --deploy's reminder to ask for it is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

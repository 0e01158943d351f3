"""Bridges settings, read from the environment.

With nothing set, Bridges runs on embedded defaults: SQLite under ``var/``, a Celery
broker on the filesystem (no Redis needed) and mail written to ``var/mail/``. Set
``DATABASE_URL``, ``REDIS_URL`` and ``EMAIL_URL`` to run on real services, and
``BRIDGES_PROFILE=production`` to refuse unsafe defaults.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("BRIDGES_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

PROFILE = env.str("BRIDGES_PROFILE", default="development")
PRODUCTION = PROFILE == "production"
INSECURE_DEFAULT_KEY = "django-insecure-bridges-development-key-do-not-use-in-production"

DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=INSECURE_DEFAULT_KEY)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Reverse proxies in front of Bridges that append to X-Forwarded-For: rate limits per
# address count the address the outermost of them saw. 0 (the default) trusts no header,
# since without such a proxy any client could write one; set 1 behind a TLS proxy.
TRUSTED_PROXIES = env.int("BRIDGES_TRUSTED_PROXIES", default=0)
SITE_URL = env.str("BRIDGES_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

if PRODUCTION or not DEBUG:
    # Refuse to start rather than serve with a guessable key: the key signs sessions,
    # consent links and passes, and the development default is public.
    if SECRET_KEY == INSECURE_DEFAULT_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a long random value whenever DJANGO_DEBUG is "
            "off (in production too): the default key is public."
        )
if PRODUCTION:
    # Refuse to start rather than run in production with open hosts.
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in production.")
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin: per-language columns of organisers' texts
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # the unaccent lookup of name searches (backend/names.py)
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "django_htmx",  # request.htmx: the back office's partial updates
    "rules.apps.AutodiscoverRulesConfig",  # imports each app's rules.py; {% load rules %}
    "programmes",
    "participants",
    "review",
    "scheduling",
    "attendance",
    "notifications",
    "audit",
    "delegations",
    "logistics",
    "surveys",
    "reports",
    "backoffice",  # the organisers' area; the top floor, reads every app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "backend.i18n.LanguageRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.context.AuditActorMiddleware",  # who acts, for the audit log
    "backend.middleware.RefuseNulInAddressMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "backend.middleware.UserTimezoneMiddleware",
    "backend.middleware.TransientConflictMiddleware",
]

ROOT_URLCONF = "backend.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Form widgets render through TEMPLATES, so templates/django/forms/ can override one
# (select.html: the profile page's long country and time-zone lists).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "backend.wsgi.application"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
# Persistent connections (checked before reuse): opening one per request costs more than
# most of our queries.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    # Server-side parameters, and a statement run five times on a connection is prepared:
    # PostgreSQL then plans it once per connection instead of on every run (planning our
    # joins cost more than running them: half the database's CPU on a submit). Turn off
    # behind a transaction-pooling PgBouncer, which can't keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process, the worker and beat share one SQLite file in `make run`: WAL lets
    # readers run beside the writer, and IMMEDIATE takes the write lock at BEGIN so a
    # writer waits (up to the timeout) instead of failing "database is locked" when a
    # read transaction would have to upgrade. It also serialises the outbox claim.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first, as Django's docs recommend; PBKDF2 stays to check (and upgrade on the next
# sign-in) the hashes made before.
PASSWORD_HASHERS = [
    "backend.hashers.Argon2PasswordHasher",  # Argon2id at OWASP's cost: see the module
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Accounts (django-allauth, local accounts only): the email address is the login, and it
# must be verified before the account can sign in (so before anyone can apply).
AUTHENTICATION_BACKENDS = [
    # Named object permissions from each app's rules.py (user.has_perm("app.verb_object", obj)).
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Bridges] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# participants' adapter with account mail sent through the outbox (notifications/accounts.py).
ACCOUNT_ADAPTER = "notifications.accounts.AccountAdapter"
ACCOUNT_FORMS = {"signup": "participants.account_forms.SignupForm"}
# Limits per email address and per account first; the per-address (IP) limits are high
# because a classroom or a venue's Wi-Fi signs a hundred people up from one address.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXIES
ACCOUNT_RATE_LIMITS = {
    "signup": "200/h/ip",
    "signup_email": "5/h/key",  # sign-up attempts for one email address (SignupForm)
    "login": "300/h/ip",
    "login_failed": "100/h/ip,5/5m/key",
    "reset_password": "100/h/ip,5/h/key",
    "reset_password_from_key": "100/h/ip",
}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ko", _("Korean")),
    ("th", _("Thai")),
    ("vi", _("Vietnamese")),
]
# Each app keeps its own translations in <app>/locale/ (found through APP_DIRS-style lookup);
# backend/locale holds the project-wide ones (backend/ and the root templates' error pages).
# backend/locale_countries: country names in Thai, which django-countries' Thai catalogue
# lacks (scripts/thai_country_names.py).
LOCALE_PATHS = [BASE_DIR / "backend" / "locale", BASE_DIR / "backend" / "locale_countries"]
USE_I18N = True
# Organisers' texts (titles, descriptions, questions) get one column per language
# (django-modeltranslation, registered in each app's translation.py); what a reader sees
# when a language is missing is backend/content_language.py's fallback_order.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = tuple(code for code, _name in LANGUAGES)
# Everything is stored in UTC; pages activate the event's or the user's zone.
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files go only through the storage API (backend/files.py), on local disk under var/ or,
# with BRIDGES_STORAGE=s3, in an S3-compatible bucket that several web machines share.
# "private" holds what names a person (documents, photos, certificates): no URL serves it;
# views that check who asks stream it, and its url() is a link signed for
# PRIVATE_URL_MAX_AGE seconds (a presigned URL on S3).
MEDIA_ROOT = Path(env.str("BRIDGES_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "media/"
PRIVATE_STORAGE_ROOT = Path(env.str("BRIDGES_PRIVATE_ROOT", default=str(VAR_DIR / "private")))
PRIVATE_URL_MAX_AGE = env.int("BRIDGES_PRIVATE_URL_MAX_AGE", default=300)
FILE_STORAGE = env.str("BRIDGES_STORAGE", default="local")
if FILE_STORAGE == "s3":
    # Credentials: AWS_S3_ACCESS_KEY_ID / AWS_S3_SECRET_ACCESS_KEY (or boto3's own lookup).
    # Empty values count as unset (docker-compose passes every variable, set or not).
    if not env.str("AWS_STORAGE_BUCKET_NAME", default=""):
        raise ImproperlyConfigured("BRIDGES_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _S3_OPTIONS = {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        # Objects private whatever the bucket's default; "" for stores without ACLs.
        "default_acl": env.str("AWS_DEFAULT_ACL", default="private") or None,
        "querystring_auth": True,
        "querystring_expire": PRIVATE_URL_MAX_AGE,
        "file_overwrite": False,
    }
    _FILE_STORAGES = {
        name: {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_S3_OPTIONS, "location": prefix},
        }
        for name, prefix in (("default", "media"), ("private", "private"))
    }
elif FILE_STORAGE == "local":
    _FILE_STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "backend.files.PrivateFileSystemStorage",
            "OPTIONS": {"location": PRIVATE_STORAGE_ROOT},
        },
    }
else:
    raise ImproperlyConfigured("BRIDGES_STORAGE must be 'local' (the default) or 's3'.")
STORAGES = {
    **_FILE_STORAGES,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
UPLOAD_MAX_BYTES = env.int("BRIDGES_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Per application, whatever the single files weigh: checked under the application's lock.
UPLOAD_MAX_DOCUMENTS_PER_APPLICATION = env.int("BRIDGES_UPLOAD_MAX_DOCUMENTS", default=10)
UPLOAD_MAX_BYTES_PER_APPLICATION = env.int(
    "BRIDGES_UPLOAD_MAX_BYTES_PER_APPLICATION", default=25 * 1024 * 1024
)

# Mail: EMAIL_URL (smtp://user:pass@host:port, consolemail://) or files under var/mail.
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Bridges <noreply@bridges.local>")
EMAIL_TIMEOUT = 10

# Celery: Redis when REDIS_URL/CELERY_BROKER_URL is set, else a broker on the filesystem.
REDIS_URL = env.str("REDIS_URL", default="")
_celery_dir = VAR_DIR / "celery"
if env.str("CELERY_BROKER_URL", default="") or REDIS_URL:
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CELERY_BROKER_URL = "filesystem://"
    for sub in ("out", "processed", "control"):
        (_celery_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "out"),
        "data_folder_out": str(_celery_dir / "out"),
        "processed_folder": str(_celery_dir / "processed"),
        "store_processed": False,
        "control_folder": str(_celery_dir / "control"),
        # kombu looks for new files once a second by default; with one task prefetched per
        # process that drains 2 tasks a second, and the demo's ~450 delivery tasks held a
        # new user's own mail back for 4 minutes.
        "polling_interval": 0.1,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Outbox delivery (notifications): attempts before a row is marked failed, the first retry
# delay (doubling after), and how long a queued row waits before the sweeper re-enqueues it.
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=5)
NOTIFICATIONS_RETRY_BASE_SECONDS = env.int("NOTIFICATIONS_RETRY_BASE_SECONDS", default=30)
NOTIFICATIONS_SWEEP_AFTER_SECONDS = env.int("NOTIFICATIONS_SWEEP_AFTER_SECONDS", default=120)
# A message due this long and still not sent makes /healthz say delivery is stuck.
NOTIFICATIONS_STUCK_AFTER_SECONDS = env.int("NOTIFICATIONS_STUCK_AFTER_SECONDS", default=900)
# What /healthz checks beyond the database and the broker (name -> dotted path of a
# function returning (ok, detail)); see backend/health.py.
HEALTH_CHECKS = {"mail": "notifications.selectors.outbox_health"}

# Logistics: Fernet keys for passport data, newest first (comma-separated; README "Passport
# data"). Empty: a key derived from SECRET_KEY, for development only.
LOGISTICS_FIELD_KEYS = env.list("BRIDGES_FIELD_KEYS", default=[])
# Passport data is erased this many days after an event's last day.
LOGISTICS_PASSPORT_RETENTION_DAYS = env.int("BRIDGES_PASSPORT_RETENTION_DAYS", default=30)

if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    # Sessions are read from the shared cache (written to both): a query less per page.
    # Not with the per-process cache below, where another process could read a stale copy.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "backend.authentication.SessionAuthentication",
        # DRF's, and Bridges' API tokens (brg_...): one query for the token with its user.
        "reports.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "backend.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Per account and per address, generous enough that a person never meets them;
    # stricter scopes where guessing is the attack (codes, tokens) or bytes are the cost.
    # The counters live in the default cache (Redis when REDIS_URL is set).
    "DEFAULT_THROTTLE_CLASSES": [
        "backend.throttling.AnonRateThrottle",
        "backend.throttling.UserRateThrottle",
        "backend.throttling.ScopedRateThrottle",
    ],
    # Addresses come from REMOTE_ADDR, or from X-Forwarded-For as written by this many
    # proxies of ours in front (a client can write any X-Forwarded-For it likes).
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("BRIDGES_THROTTLE_ANON", default="600/min"),
        "user": env.str("BRIDGES_THROTTLE_USER", default="1200/min"),
        "codes": env.str("BRIDGES_THROTTLE_CODES", default="30/min"),
        "feeds": env.str("BRIDGES_THROTTLE_FEEDS", default="300/min"),
        "uploads": env.str("BRIDGES_THROTTLE_UPLOADS", default="60/h"),
    },
    "EXCEPTION_HANDLER": "backend.errors.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bridges API",
    "DESCRIPTION": "Programmes, events, agendas, applications, selection and attendance.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files (drf-spectacular-sidecar), not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "backend.schema.document_common_errors",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    # Several apps have a `kind` or `status`; name each enum after its own TextChoices.
    "ENUM_NAME_OVERRIDES": {
        "CheckInMethodEnum": "attendance.enums.CheckInMethod",
        "CheckInResultEnum": "attendance.enums.CheckInResult",
        "ChannelEnum": "notifications.enums.Channel",
        "MessageStatusEnum": "notifications.enums.MessageStatus",
        "MessageKindEnum": "notifications.enums.MessageKind",
        "SegmentEnum": "notifications.enums.Segment",
        "GenderEnum": "participants.enums.Gender",
        "PreferredLanguageEnum": "participants.enums.PreferredLanguage",
        "QuestionKindEnum": "participants.enums.QuestionKind",
        "ApplicationStatusEnum": "participants.enums.ApplicationStatus",
        "DocumentKindEnum": "participants.enums.DocumentKind",
        "OrganisationKindEnum": "programmes.enums.OrganisationKind",
        "MemberRoleEnum": "programmes.enums.MemberRole",
        "EventKindEnum": "programmes.enums.EventKind",
        "EventStatusEnum": "programmes.enums.EventStatus",
        "EventPhaseEnum": "programmes.enums.EventPhase",
        "AttendanceModeEnum": "programmes.enums.AttendanceMode",
        "SessionTypeEnum": "programmes.enums.SessionType",
        "SessionStatusEnum": "programmes.enums.SessionStatus",
        "ConflictKindEnum": "programmes.enums.ConflictKind",
        "AssignmentSourceEnum": "review.enums.AssignmentSource",
        "DecisionOutcomeEnum": "review.enums.DecisionOutcome",
        "RunStatusEnum": "scheduling.enums.RunStatus",
        "LivePhaseEnum": "scheduling.enums.LivePhase",
        "VisaStatusEnum": "logistics.enums.VisaStatus",
        "CompanionRoleEnum": "logistics.enums.CompanionRole",
        "LetterJobStatusEnum": "logistics.enums.LetterJobStatus",
        "TravelDirectionEnum": "logistics.enums.Direction",
        "ParticipationEnum": "delegations.enums.Participation",
        "InvitationStatusEnum": "delegations.enums.InvitationStatus",
        "NomineeStatusEnum": "delegations.enums.NomineeStatus",
        "SeatRequestStatusEnum": "delegations.enums.SeatRequestStatus",
        "MeetingDocumentKindEnum": "delegations.enums.DocumentKind",
        "VisibilityEnum": "delegations.enums.Visibility",
        "BilateralStatusEnum": "delegations.enums.BilateralStatus",
        "BadgeFormatEnum": "delegations.enums.BadgeFormat",
        "BadgeBatchStatusEnum": "delegations.enums.BatchStatus",
        "PartnerKindEnum": "delegations.enums.PartnerKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

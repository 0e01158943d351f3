import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
application = get_wsgi_application()
# Import the URLconf, and with it every view, while the worker boots rather than in its
# first request: that request would otherwise take seconds on a busy machine, and every
# request queued behind it would wait too.
import_module(settings.ROOT_URLCONF)

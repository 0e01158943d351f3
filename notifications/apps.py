from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import (
            receivers,  # noqa: F401 - connects the signal receivers
            tasks,  # noqa: F401 - registers the tasks the services enqueue by name
        )

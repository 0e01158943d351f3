from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from participants.signals import application_status_changed

        from . import receivers

        application_status_changed.connect(
            receivers.on_application_status_changed, dispatch_uid="reports.stats_version"
        )

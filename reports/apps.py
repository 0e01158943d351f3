from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from audit.registry import register
        from participants.signals import application_status_changed

        from . import receivers, tasks  # noqa: F401 - registers the tasks enqueued by name
        from .exports.lists import register_builtin
        from .exports.partners import register_partners
        from .exports.travel import register_travel

        register_builtin()
        register_partners()
        register_travel()
        register("reports.export.run", _("List exported"))
        register("reports.scheduled_export.created", _("Export scheduled"))
        register("reports.scheduled_export.deleted", _("Scheduled export deleted"))
        register("reports.webhook.created", _("Webhook added"))
        register("reports.webhook.deleted", _("Webhook deleted"))
        register("reports.webhook.replayed", _("Webhook delivery sent again"))
        register("reports.token.created", _("API token created"))
        register("reports.token.revoked", _("API token revoked"))
        application_status_changed.connect(
            receivers.on_application_status_changed, dispatch_uid="reports.status_changed"
        )

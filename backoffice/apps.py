from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "backoffice"
    verbose_name = _("Organiser area")

    def ready(self) -> None:
        from audit.registry import register

        register("backoffice.invitation.sent", _("Team invitation sent"))
        register("backoffice.invitation.accepted", _("Team invitation accepted"))
        register("backoffice.invitation.revoked", _("Team invitation withdrawn"))
        register("backoffice.event.copied", _("Event copied from an earlier one"))

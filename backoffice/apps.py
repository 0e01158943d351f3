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
        register("backoffice.event.co_organiser_added", _("Co-organising organisation added"))
        register("backoffice.event.co_organiser_removed", _("Co-organising organisation removed"))
        # Written by programmes.services.event_roles, whose pages are the back office's.
        register("programmes.event_role.added", _("Role on the event given"))
        register("programmes.event_role.removed", _("Role on the event removed"))
        register("programmes.co_organiser.access_changed", _("Co-organiser's access changed"))

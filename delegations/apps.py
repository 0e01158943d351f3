from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self) -> None:
        from attendance.appointments import register_appointment_source
        from audit.registry import register

        from . import receivers, tasks  # noqa: F401 - registers receivers and named tasks
        from .selectors import bilateral_appointments

        # A delegate's bilaterals in their own agenda page and calendar feed.
        register_appointment_source(bilateral_appointments)

        for code, text in (
            ("delegations.partner.saved", _("Partner saved")),
            ("delegations.delegation.invited", _("Partner invited to the meeting")),
            ("delegations.settings.changed", _("Delegation settings changed")),
            ("delegations.invitation.sent", _("Invitation sent")),
            ("delegations.invitation.answered", _("Invitation answered")),
            ("delegations.invitation.account", _("Focal point's account set up")),
            ("delegations.focal_point.added", _("Focal point added")),
            ("delegations.focal_point.invited", _("Focal point invited")),
            ("delegations.focal_point.accepted", _("Focal point invitation accepted")),
            ("delegations.focal_point.withdrawn", _("Focal point invitation withdrawn")),
            ("delegations.invitation.reminded", _("Invitation reminder sent")),
            ("delegations.nominee.nominated", _("Delegate nominated")),
            ("delegations.nominee.substituted", _("Delegate substituted")),
            ("delegations.nominee.replaced", _("Delegate replaced")),
            ("delegations.nominee.withdrawn", _("Delegate withdrawn")),
            ("delegations.nominee.accredited", _("Delegate accredited")),
            ("delegations.nominee.refused", _("Accreditation refused")),
            ("delegations.nominee.profile", _("Delegate's profile completed")),
            ("delegations.nominee.photo", _("Delegate's photo saved")),
            ("delegations.seats.requested", _("Extra seats requested")),
            ("delegations.seats.approved", _("Extra seats approved")),
            ("delegations.seats.refused", _("Extra seats refused")),
            ("delegations.document.created", _("Meeting document created")),
            ("delegations.document.changed", _("Meeting document changed")),
            ("delegations.document.version_added", _("Meeting document version published")),
            ("delegations.document.downloaded", _("Restricted meeting document read")),
            ("delegations.bilateral.requested", _("Bilateral meeting requested")),
            ("delegations.bilateral.accepted", _("Bilateral meeting accepted")),
            ("delegations.bilateral.declined", _("Bilateral meeting declined")),
            ("delegations.bilateral.scheduled", _("Bilateral meeting scheduled")),
        ):
            register(code, text)

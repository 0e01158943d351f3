from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "logistics"
    verbose_name = _("Travel and stay")

    def ready(self) -> None:
        from audit.registry import register

        from . import checks, tasks  # noqa: F401 - registers the system check and the tasks

        register("logistics.access.granted", _("Logistics role granted"))
        register("logistics.access.revoked", _("Logistics role removed"))
        register("logistics.passport.changed", _("Passport data changed"))
        register("logistics.passport.viewed", _("Passport data viewed"))
        register("logistics.passport.erased", _("Passport data erased"))
        register("logistics.visa_rules.changed", _("Visa requirements changed"))
        register("logistics.visa.changed", _("Visa status changed"))
        register("logistics.letter_settings.changed", _("Visa letter settings changed"))
        register("logistics.letters.started", _("Visa letters started"))
        register("logistics.letter.made", _("Visa letter made"))
        register("logistics.flight.saved", _("Flight saved"))
        register("logistics.pickups.planned", _("Pickup groups planned"))
        register("logistics.hotel.saved", _("Hotel or room block saved"))
        register("logistics.companion.added", _("Accompanying person added"))
        register("logistics.companion.removed", _("Accompanying person removed"))
        register("logistics.rooming.solved", _("Rooming list made"))
        register("logistics.room.assigned", _("Room assigned by an organiser"))
        register("logistics.single_room.changed", _("Single room changed"))
        register("logistics.grant.changed", _("Travel grant changed"))
        register("logistics.claim.submitted", _("Reimbursement claim submitted"))
        register("logistics.claim.reviewed", _("Reimbursement claim reviewed"))
        register("logistics.follow_up.changed", _("Follow-up form deadline set"))
        register("logistics.follow_up.locked", _("Follow-up answers locked"))
        register("logistics.follow_up.unlocked", _("Follow-up answers unlocked"))
        register("logistics.follow_up.answered", _("Follow-up form answered"))
        register("logistics.rooming.started", _("Rooming list started"))
        register("logistics.job.requeued", _("Job queued again after its worker stopped"))
        register("logistics.job.failed", _("Job given up after its worker stopped"))

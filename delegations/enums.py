"""Choices of delegations/ and the groups the protocol list is printed in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    ORGANISATION = "organisation", _("Organisation")


class Participation(models.TextChoices):
    MEMBER = "member", _("Member / Party")
    OBSERVER = "observer", _("Observer")
    GUEST = "guest", _("Guest")
    HOST = "host", _("Host")
    CO_ORGANISER = "co_organiser", _("Co-organiser")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    SECRETARIAT = "secretariat", _("Secretariat")


class ListGroup(models.TextChoices):
    """The groups of the official list of participants, in the order they are printed."""

    PARTIES = "parties", _("Parties")
    OBSERVERS = "observers", _("Observers")
    GUESTS = "guests", _("Guests")
    SECRETARIAT = "secretariat", _("Secretariat")


P = Participation
GROUP_OF: dict[str, str] = {
    P.MEMBER: ListGroup.PARTIES,
    P.HOST: ListGroup.PARTIES,
    P.OBSERVER: ListGroup.OBSERVERS,
    P.INTERNATIONAL_ORGANISATION: ListGroup.OBSERVERS,
    P.GUEST: ListGroup.GUESTS,
    P.CO_ORGANISER: ListGroup.SECRETARIAT,
    P.SECRETARIAT: ListGroup.SECRETARIAT,
}
GROUP_ORDER = list(ListGroup.values)

# Badge colour per group (the band across the top of the badge).
GROUP_COLOURS: dict[str, str] = {
    ListGroup.PARTIES: "#12355b",
    ListGroup.OBSERVERS: "#1b7340",
    ListGroup.GUESTS: "#8a4b08",
    ListGroup.SECRETARIAT: "#6b1f6b",
}
# Accredited media, whatever the delegation that named them.
MEDIA_COLOUR = "#c2410c"


class InvitationStatus(models.TextChoices):
    NOT_SENT = "not_sent", _("Not sent")
    INVITED = "invited", _("Invited")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    DECLINED = "declined", _("Declined")
    NO_REPLY = "no_reply", _("No reply")


# A focal point may still answer these.
AWAITING_REPLY = frozenset({InvitationStatus.INVITED, InvitationStatus.NO_REPLY})


class NomineeStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    ACCREDITED = "accredited", _("Accredited")
    REFUSED = "refused", _("Refused")
    REPLACED = "replaced", _("Replaced")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Nominees who hold a seat (or an adviser's place) in their delegation.
ACTIVE_NOMINEE_STATUSES = (NomineeStatus.NOMINATED, NomineeStatus.ACCREDITED)


class SeatRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    ACCREDITED = "accredited", _("Accredited delegates")
    FOCAL_POINTS = "focal_points", _("Focal points")
    ORGANISERS = "organisers", _("Organisers")


class DocumentKind(models.TextChoices):
    WORKING = "working", _("Working document")
    INFORMATION = "information", _("Information document")
    OUTCOME = "outcome", _("Outcome document")


class BilateralStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class SeatingLayout(models.TextChoices):
    U_SHAPE = "u_shape", _("U-shape")
    THEATRE = "theatre", _("Theatre rows")


class ChairPlacement(models.TextChoices):
    IN_ORDER = "in_order", _("In alphabetical order")
    FIRST = "first", _("First")
    AFTER_HOST = "after_host", _("Right after the host")


class BadgeFormat(models.TextChoices):
    CR80 = "cr80", _("Card (CR80)")
    A6 = "a6", _("A6")


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# The outbox's kinds for delegations (notifications.enums.MessageKind), repeated here so
# that their words are translated in this app's catalogue, beside the mails' texts.
MESSAGE_KIND_LABELS = (
    _("Invitation to a meeting"),
    _("News about a delegation"),
    _("Invitation not yet answered"),
    _("New meeting document"),
)

"""Meeting documents: a symbol, versions in each language, and a visibility. Files are
checked and kept in the private storage (``participants.documents``, the same checks as
applicants' uploads); who may read one is the named rule ``delegations.view_document``,
which ``document_visible_to`` answers. Publishing a new version tells those who can see it."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.content_language import content_columns
from backend.errors import BridgesError, ConflictError
from notifications.enums import MessageKind
from participants.documents import delete_stored, store_upload
from programmes.caching import event_list_bump_version
from programmes.models import Event

from ..enums import DocumentKind, InvitationStatus, NomineeStatus, Visibility
from ..models import DocumentVersion, EventPartner, MeetingDocument, Nominee
from ..selectors import outcome_published
from .common import by_organiser, notify


@transaction.atomic
def document_create(
    *,
    event: Event,
    symbol: str,
    title: str,
    kind: str,
    visibility: str,
    by,
    texts: Mapping[str, str] | None = None,
) -> MeetingDocument:
    """A document; ``texts``: its title in other languages (``{"title_fr": ...}``)."""
    columns = {k: v for k, v in (texts or {}).items() if k in content_columns("title")}
    symbol, title = (symbol or "").strip(), (title or "").strip()
    if not symbol or len(symbol) > 60:
        raise BridgesError(_("Give the document's symbol (at most 60 characters)."), field="symbol")
    if not title:
        raise BridgesError(_("This field is required."), field="title")
    if kind not in DocumentKind.values:
        raise BridgesError(_("Choose a kind from the list."), field="kind")
    if visibility not in Visibility.values:
        raise BridgesError(_("Choose a visibility from the list."), field="visibility")
    try:
        with transaction.atomic():
            document = MeetingDocument.objects.create(
                event=event,
                symbol=symbol,
                title=title[:300],
                kind=kind,
                visibility=visibility,
                **columns,
            )
    except IntegrityError:
        raise ConflictError(
            _("This meeting has a document with that symbol already."),
            code="duplicate",
            field="symbol",
        ) from None
    log_action(document, "delegations.document.created", user=by, event=event)
    return document


def document_version_add(
    *, document: MeetingDocument, uploaded, language: str, by, new_version: bool = True
) -> DocumentVersion:
    """Store a file as the document's next version (or, with ``new_version`` False, the
    latest version in another language) and tell its readers."""
    language = (language or "").strip().lower()
    if not language or len(language) > 8:
        raise BridgesError(_("Give the document's language."), field="language")
    stored = store_upload(uploaded)
    try:
        with transaction.atomic():
            locked = MeetingDocument.objects.select_for_update().get(pk=document.pk)
            latest = locked.versions.aggregate(n=Max("number"))["n"] or 0
            number = latest + 1 if new_version or latest == 0 else latest
            try:
                with transaction.atomic():
                    version = DocumentVersion.objects.create(
                        document=locked,
                        number=number,
                        language=language,
                        storage_name=stored.storage_name,
                        original_name=stored.original_name,
                        content_type=stored.content_type,
                        size=stored.size,
                        uploaded_by=by,
                    )
            except IntegrityError:
                raise ConflictError(
                    _("This version has a file in that language already."),
                    code="duplicate",
                    field="language",
                ) from None
            log_action(
                version,
                "delegations.document.version_added",
                user=by,
                event=locked.event,
                data={"number": number, "language": language, "symbol": locked.symbol},
            )
            notify(
                kind=MessageKind.MEETING_DOCUMENT,
                template="meeting_document",
                key=f"delegations.document:{locked.pk}:{number}",
                recipients=readers(locked),
                event=locked.event,
                context={
                    "symbol": locked.symbol,
                    "title": locked.title,
                    "version": number,
                    "link": _documents_link(locked.event),
                },
            )
            if locked.kind == DocumentKind.OUTCOME and locked.visibility == Visibility.PUBLIC:
                # The public event page, kept whole for visitors, lists outcome documents.
                event_list_bump_version()
    except BaseException:
        delete_stored(stored.storage_name)
        raise
    return version


def _documents_link(event: Event) -> str:
    return settings.SITE_URL + reverse("delegations:documents", args=[event.slug])


# Focal points read the meeting's documents once their partner is invited, unless it declined.
READING_INVITATIONS = (
    InvitationStatus.INVITED,
    InvitationStatus.ACKNOWLEDGED,
    InvitationStatus.NO_REPLY,
)


def _delegate_filter(event: Event, visibility: str) -> Q:
    focal = Q(
        focal_point_of__delegations__event=event,
        focal_point_of__delegations__invitation_status__in=READING_INVITATIONS,
    )
    if visibility == Visibility.FOCAL_POINTS:
        return focal
    accredited = Q(nominations__event=event, nominations__status=NomineeStatus.ACCREDITED)
    return focal | accredited


def readers(document: MeetingDocument) -> QuerySet:
    """The delegates a new version is announced to: accredited delegates and focal points
    (public and accredited documents), focal points only, or no one (organisers' own)."""
    User = get_user_model()
    if document.visibility == Visibility.ORGANISERS:
        return User.objects.none()
    return User.objects.filter(_delegate_filter(document.event, document.visibility)).distinct()


def document_visible_to(user, document: MeetingDocument) -> bool:
    """The one visibility rule. Public: everyone (an outcome document only once the
    meeting is over); accredited: accredited delegates, focal points and organisers;
    focal points: focal points and organisers; organisers: organisers."""
    event = document.event
    if document.visibility == Visibility.PUBLIC:
        if document.kind != DocumentKind.OUTCOME:
            return True
        if outcome_published(event):
            return True
    if user is None or not user.is_authenticated:
        return False
    if by_organiser(user, event):
        return True
    if document.visibility == Visibility.ORGANISERS:
        return False
    if document.visibility == Visibility.PUBLIC:
        # An outcome document before the meeting ends: delegates may read the draft.
        return _is_delegate(user, event, Visibility.ACCREDITED)
    return _is_delegate(user, event, document.visibility)


def _is_delegate(user, event: Event, visibility: str) -> bool:
    if EventPartner.objects.filter(
        event=event, partner__focal_points=user, invitation_status__in=READING_INVITATIONS
    ).exists():
        return True
    if visibility == Visibility.FOCAL_POINTS:
        return False
    return Nominee.objects.filter(event=event, user=user, status=NomineeStatus.ACCREDITED).exists()


def documents_visible(user, event: Event) -> list[MeetingDocument]:
    """The event's documents ``user`` may read, with their versions (two queries plus the
    reader's role, looked up once)."""
    documents = list(
        MeetingDocument.objects.filter(event=event).prefetch_related("versions").order_by("symbol")
    )
    for document in documents:
        document.event = event
    cache: dict[str, bool] = {}

    def allowed(document: MeetingDocument) -> bool:
        key = f"{document.visibility}:{document.kind}"
        if key not in cache:
            cache[key] = document_visible_to(user, document)
        return cache[key]

    return [d for d in documents if allowed(d)]

"""Applicants' documents: upload (checked, stored privately, within the application's
quota) and delete. The files themselves go through ``participants/documents.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from audit.services import changes, log_action, removed
from backend.errors import BridgesError, ConflictError

from .. import documents as storage
from ..enums import (
    EDITABLE_AFTER_SUBMIT_STATUSES,
    DocumentKind,
)
from ..enums import ApplicationStatus as S
from ..models import (
    Application,
    Document,
)

# Tests switch this off to show that the quota tests would catch parallel uploads passing
# the limits together (see _check_document_quota).
DOCUMENT_QUOTA_LOCKING_ENABLED = True

# What the log keeps of a document: never its content or where it is stored.
LOGGED_FIELDS = ("kind", "original_name", "size")


def document_upload(
    *, owner, uploaded, kind: str = DocumentKind.OTHER, application: Application | None = None
) -> Document:
    """Check the file by content and size, store it privately, record it.

    Nothing is stored when this raises: the file is removed if the row cannot be saved.
    """
    if kind not in DocumentKind.values:
        raise BridgesError(_("Choose a document kind from the list."), field="kind")
    if application is not None:
        if application.applicant_id != owner.pk:
            raise BridgesError(
                _("Only the applicant can upload documents."), code="forbidden", status=403
            )
        if application.status not in (S.DRAFT, *EDITABLE_AFTER_SUBMIT_STATUSES):
            raise ConflictError(
                _("Documents can no longer be added to this application."), code="not_editable"
            )
    stored = storage.store_upload(uploaded)
    try:
        with transaction.atomic():
            if application is not None:
                _check_document_quota(application, stored.size)
            document = Document.objects.create(
                owner=owner,
                application=application,
                kind=kind,
                storage_name=stored.storage_name,
                original_name=stored.original_name,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
            )
            _log(document, "uploaded", changes(dict.fromkeys(LOGGED_FIELDS), document), by=owner)
            return document
    except BaseException:
        storage.delete_stored(stored.storage_name)
        raise


def _check_document_quota(application: Application, size: int) -> None:
    """The application's document count and total size, decided under its row lock so
    that parallel uploads cannot together pass the limits. Call inside a transaction."""
    if DOCUMENT_QUOTA_LOCKING_ENABLED:
        Application.objects.select_for_update().filter(pk=application.pk).first()
    held = Document.objects.filter(application_id=application.pk).aggregate(
        count=Count("pk"), size=Sum("size")
    )
    most = settings.UPLOAD_MAX_DOCUMENTS_PER_APPLICATION
    if held["count"] + 1 > most:
        raise ConflictError(
            _("An application can hold at most %(n)s documents; remove one first.") % {"n": most},
            code="too_many_documents",
            field="file",
        )
    budget = settings.UPLOAD_MAX_BYTES_PER_APPLICATION
    if (held["size"] or 0) + size > budget:
        raise BridgesError(
            _(
                "The documents of an application may weigh %(mb)s MB in all; this file "
                "would take them over. Remove one or upload a smaller file."
            )
            % {"mb": budget // (1024 * 1024)},
            code="application_documents_too_large",
            field="file",
            status=413,
        )


@transaction.atomic
def document_delete(*, document: Document, by) -> None:
    if document.owner_id != by.pk:
        raise BridgesError(_("Only the owner can delete a document."), code="forbidden", status=403)
    if document.application_id and document.application.status not in (
        S.DRAFT,
        *EDITABLE_AFTER_SUBMIT_STATUSES,
    ):
        raise ConflictError(
            _("This document belongs to a decided application."), code="not_editable"
        )
    name = document.storage_name
    _log(document, "deleted", removed(document, LOGGED_FIELDS), by=by)
    document.delete()
    transaction.on_commit(lambda: storage.delete_stored(name))


def _log(document: Document, what: str, fields: dict, *, by) -> None:
    """One entry on the application's history (or the document's own, if it has none);
    ``fields_of`` names the model whose labels the history page shows for the fields."""
    log_action(
        document.application or document,
        f"participants.document.{what}",
        user=by,
        data={"document": document.pk, "fields_of": "participants.document", "changes": fields},
    )

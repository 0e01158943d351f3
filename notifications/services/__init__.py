"""Everything that changes notification state, one module per job:

- ``queueing``: write outbox rows and hand them to the delivery task after commit
- ``delivery``: claim a row under its lock, render and send it (exactly once, honestly)
- ``failures``: a failed attempt, retried after a backoff or marked failed
- ``outbox``: the sweeper for lost tasks; operators' retry, cancel and give up
- ``recipients``: each recipient's language, time zone and name; who opted out
- ``preferences``: opting out of optional messages
- ``templates``: organisers' own wording for a kind of message
- ``broadcasts``: an organiser's message to a segment of an event's people
- ``inbox``: a person's messages on the site, marked read
- ``config``: the NOTIFICATIONS_* settings (attempts, backoff)

Callers import from ``notifications.services``; the names below are the public ones.
"""

from .broadcasts import broadcast_preview, broadcast_send
from .config import max_attempts, retry_delay
from .delivery import DeliveryResult, build_email, message_deliver_batch, render_message
from .failures import failure_reason, is_transient
from .inbox import inbox_mark_all_read, inbox_mark_read
from .outbox import message_cancel, messages_give_up, messages_retry, outbox_sweep
from .preferences import optout_add, optouts_set
from .queueing import (
    BATCH_SIZE,
    MessageSpec,
    account_mail_queue,
    enqueue_delivery,
    enqueue_delivery_later,
    message_queue,
    messages_queue_many,
)
from .recipients import (
    RecipientPrefs,
    opted_out_user_ids,
    recipient_prefs,
    recipient_prefs_for,
    users_with_ids,
)
from .templates import (
    sample_context,
    template_override_delete,
    template_override_save,
    template_overrides_save_languages,
    template_preview,
)

__all__ = [
    "BATCH_SIZE",
    "DeliveryResult",
    "MessageSpec",
    "RecipientPrefs",
    "account_mail_queue",
    "broadcast_preview",
    "broadcast_send",
    "build_email",
    "enqueue_delivery",
    "enqueue_delivery_later",
    "failure_reason",
    "inbox_mark_all_read",
    "inbox_mark_read",
    "is_transient",
    "max_attempts",
    "message_cancel",
    "message_deliver_batch",
    "message_queue",
    "messages_give_up",
    "messages_queue_many",
    "messages_retry",
    "opted_out_user_ids",
    "optout_add",
    "optouts_set",
    "outbox_sweep",
    "recipient_prefs",
    "recipient_prefs_for",
    "render_message",
    "retry_delay",
    "sample_context",
    "template_override_delete",
    "template_override_save",
    "template_overrides_save_languages",
    "template_preview",
    "users_with_ids",
]

"""What the programmes app announces; downstream apps listen.

Sent inside the transaction that made the change.
"""

from django.dispatch import Signal

# A session was moved (start, end or venue changed) or cancelled.
# kwargs: session, changes (dict field -> (old, new)), cancelled (bool)
session_schedule_changed = Signal()

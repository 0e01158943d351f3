"""What the scheduling app announces; downstream apps (attendance, notifications) listen.

Sent after the transaction that recorded it commits, once per session and phase.
"""

from django.dispatch import Signal

# A session went live or ended (scheduling.enums.LivePhase IN_PROGRESS / FINISHED).
# kwargs: session, phase, at (the instant the phase began)
session_phase_changed = Signal()

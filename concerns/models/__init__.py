"""Residents' concerns, followed from the moment they are raised to the answer.

A ``Concern`` is one problem a resident raised (at a visit, a voter contact, a dialogue,
in a petition...). It moves through a small workflow: received → forwarded to an
authority → answered → resident informed → closed, or is closed early as a duplicate or
as not in scope. Each step is a ``ConcernEvent``: the timeline of the concern.

Reads that views reuse live on ``ConcernQuerySet``; every write goes through
``concerns.services``.
"""

from .concern import (
    ALLOWED_TRANSITIONS,
    ANSWERED_STATUSES,
    CLOSED_STATUSES,
    OPINION_SOURCES,
    TRACKING_CODE_ALPHABET,
    TRACKING_CODE_LENGTH,
    UNRESOLVED_STATUSES,
    Concern,
    ConcernCategory,
    ConcernQuerySet,
    ConcernSource,
    ConcernStatus,
    InformedHow,
    PetitionChannel,
    PetitionType,
    new_tracking_code,
)
from .events import (
    EVENT_DATA_LABELS,
    EVENT_DATE_KEYS,
    ConcernEvent,
    ConcernEventQuerySet,
)
from .figures import ConcernHalfMonth, ConcernOverdueSpan

__all__ = [
    "ALLOWED_TRANSITIONS",
    "ANSWERED_STATUSES",
    "CLOSED_STATUSES",
    "Concern",
    "ConcernCategory",
    "ConcernEvent",
    "ConcernEventQuerySet",
    "ConcernHalfMonth",
    "ConcernOverdueSpan",
    "ConcernQuerySet",
    "ConcernSource",
    "ConcernStatus",
    "EVENT_DATA_LABELS",
    "EVENT_DATE_KEYS",
    "InformedHow",
    "OPINION_SOURCES",
    "PetitionChannel",
    "PetitionType",
    "TRACKING_CODE_ALPHABET",
    "TRACKING_CODE_LENGTH",
    "UNRESOLVED_STATUSES",
    "new_tracking_code",
]

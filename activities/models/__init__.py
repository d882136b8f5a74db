"""The grassroots work log: activities of the Front and mass organizations.

An ``Activity`` holds what every kind of work shares (date, unit, organizers, summary,
visibility); what only one kind has lives in a typed one-to-one details model per kind
(``VisitDetails``, ``MediationDetails``...). Records keep the unit they were logged in: a
2023 visit stays with the old ward after the 2025 merge.

Reads that views reuse live on ``ActivityQuerySet``; every write goes through
``activities.services``.
"""

from .activity import (
    CONFIDENTIAL_FIELDS,
    TIMED_KINDS,
    Activity,
    ActivityKind,
    ActivityPhoto,
    ActivityQuerySet,
    Visibility,
    details_of,
    photo_upload_to,
)
from .details import (
    DETAILS_ACCESSORS,
    DETAILS_MODELS,
    DISTRICT_LEVEL_END,
    ActivityDetails,
    Commitment,
    CommitmentQuerySet,
    CommitmentStatus,
    CouncilLevel,
    DialogueDetails,
    DisputeType,
    DraftCommentDetails,
    MediationDetails,
    MediationOutcome,
    MeetingDetails,
    SessionTiming,
    SupportDetails,
    SupportType,
    VisitDetails,
    VoterContactDetails,
)
from .figures import WorkDay, WorkHalfMonth

__all__ = [
    "Activity",
    "ActivityDetails",
    "ActivityKind",
    "ActivityPhoto",
    "ActivityQuerySet",
    "CONFIDENTIAL_FIELDS",
    "CouncilLevel",
    "DETAILS_ACCESSORS",
    "DETAILS_MODELS",
    "DISTRICT_LEVEL_END",
    "Commitment",
    "CommitmentQuerySet",
    "CommitmentStatus",
    "DialogueDetails",
    "DisputeType",
    "DraftCommentDetails",
    "MediationDetails",
    "MediationOutcome",
    "MeetingDetails",
    "SessionTiming",
    "SupportDetails",
    "SupportType",
    "TIMED_KINDS",
    "Visibility",
    "VisitDetails",
    "VoterContactDetails",
    "WorkDay",
    "WorkHalfMonth",
    "details_of",
    "photo_upload_to",
]

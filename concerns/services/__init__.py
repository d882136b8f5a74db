"""Writes to concerns: receiving one, each step of its workflow, the doorstep visit, the public form,
the opinions of a voter contact or dialogue, petitions, corrections, the withdrawal of consent and
the erasure at the end of the retention period.

Every service checks the actor's scope, validates the whole object, saves in one transaction,
writes the ``ConcernEvent`` of the step and leaves the audit entries (the audit log records the
concern and the event with the actor set here).
"""

from .corrections import (
    CONSENT_WITHDRAWN,
    CORRECTABLE_FIELDS,
    ERASED,
    FACTS_CORRECTED,
    edit_concern,
    withdraw_resident_consent,
)
from .opinions import OPINION_SOURCE_OF, opinion_place, record_opinion
from .petitions import receive_petition
from .public import (
    PUBLIC_DESCRIPTION_MAX_LENGTH,
    PUBLIC_DESCRIPTION_MIN_LENGTH,
    PUBLIC_FORM_SUMMARY,
    has_placeholder_summary,
    public_form_summary,
    receive_public_concern,
)
from .retention import (
    RETENTION_ERASED,
    RetentionReport,
    erase_expired_contact_data,
    retention_cutoff,
)
from .visits import (
    commune_level_unit,
    default_visit_organization,
    log_visit_with_concern,
)
from .workflow import (
    answer_concern,
    check_can_receive,
    close_as_duplicate,
    close_as_not_in_scope,
    close_concern,
    forbidden_message,
    forward_concern,
    mark_resident_informed,
    opinion_pages_changed,
    receive_concern,
)

__all__ = [
    "CONSENT_WITHDRAWN",
    "CORRECTABLE_FIELDS",
    "ERASED",
    "FACTS_CORRECTED",
    "OPINION_SOURCE_OF",
    "PUBLIC_DESCRIPTION_MAX_LENGTH",
    "PUBLIC_DESCRIPTION_MIN_LENGTH",
    "PUBLIC_FORM_SUMMARY",
    "RETENTION_ERASED",
    "RetentionReport",
    "answer_concern",
    "check_can_receive",
    "close_as_duplicate",
    "close_as_not_in_scope",
    "close_concern",
    "commune_level_unit",
    "default_visit_organization",
    "edit_concern",
    "erase_expired_contact_data",
    "forbidden_message",
    "forward_concern",
    "has_placeholder_summary",
    "log_visit_with_concern",
    "mark_resident_informed",
    "opinion_pages_changed",
    "opinion_place",
    "public_form_summary",
    "record_opinion",
    "receive_concern",
    "receive_petition",
    "receive_public_concern",
    "retention_cutoff",
    "withdraw_resident_consent",
]

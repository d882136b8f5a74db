"""Demo oversight data for the La Gi structure, invented and marked as demo data.

``seed(rng)`` runs after the organizations, activities and concerns seeds. Every run makes
sure that the board members carry their area and recognising decision, that the monitoring
boards have their founding decision, and that the ``board_member`` demo account exists
(a write scope on the monitoring board of khu phố 2, Phường Phước Hội, linked to the head
of that board). Projects, sessions, inspections, reports and supervisions are created once,
in the old units (before 1 July 2025) and in the new ones.

The confidential values (members' phones and e-mails, internal notes, findings kept
internal) are listed by ``confidential_demo_values()`` for privacy tests.

The boards and the account are kept in line by ``oversight_boards``; the work is created by
``oversight_projects``, ``oversight_inspections`` and ``oversight_supervisions``, on the
shared ``oversight_work``; the project register is in ``oversight_data``.
"""

from __future__ import annotations

import random

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from organizations.models import OrganizationKind, Person
from oversight.models import Project

from . import oversight_boards, oversight_data
from .oversight_boards import BOARD_MEMBER_AREA, BOARD_MEMBER_USERNAME
from .oversight_inspections import seed_inspections
from .oversight_projects import seed_projects
from .oversight_supervisions import seed_supervisions
from .oversight_work import OversightWork

__all__ = ["BOARD_MEMBER_AREA", "BOARD_MEMBER_USERNAME", "confidential_demo_values", "seed"]

K = OrganizationKind


def confidential_demo_values() -> list[str]:
    """Private values of the board members and the markers of the internal demo texts."""
    people = Person.objects.filter(
        positions__organization__kind__in=(K.INSPECTION_BOARD, K.INVESTMENT_MONITORING_BOARD)
    )
    values: set[str] = set()
    for phone, email in people.values_list("phone", "email"):
        values.update(v for v in (phone, email) if v)
    return sorted(values) + [
        oversight_data.INTERNAL_NOTE_MARKER,
        oversight_data.HIDDEN_FINDING_MARKER,
        oversight_data.MINUTES_MARKER,
    ]


def seed(rng: random.Random) -> int:
    """Create or refresh the demo oversight data; returns how many projects were created."""
    with transaction.atomic(), disable_auditlog():
        today = timezone.localdate()
        boards = oversight_boards.refresh()
        if Project.objects.filter(is_demo=True).exists():
            return 0
        work = OversightWork(rng, today, boards)
        seed_projects(work)
        seed_inspections(work)
        seed_supervisions(work)
        return len(oversight_data.PROJECTS)

"""What the reports bench writes (``bench.reports_data.load``): the rows of each table, written by
the demo's bulk writers of a work log (``demo.bulk_worklog``, where each table's rows are described)."""

from __future__ import annotations

from demo.bulk_worklog import (
    MARK,
    plan,
    write_activities,
    write_concerns,
    write_details,
    write_organizers,
)

__all__ = ["MARK", "plan", "write_activities", "write_concerns", "write_details", "write_organizers"]

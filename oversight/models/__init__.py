"""The oversight models: supervision, inspection boards, investment monitoring, recommendations."""

from .boards import (
    MAX_RESIDENT_MEMBERS,
    MIN_RESIDENT_MEMBERS,
    BoardMember,
    MonitoringBoard,
    resident_member_count,
)
from .choices import (
    BOARD_KINDS,
    Aspect,
    FundingSource,
    Implementation,
    InspectionTrigger,
    OriginKind,
    ProjectStage,
    RecommendationStatus,
    ReplyOutcome,
    ReportPeriod,
    SupervisionForm,
    SupervisionKind,
)
from .inspections import Inspection, InspectionReport, InspectionWorkPlan
from .projects import MonitoringFinding, MonitoringSession, Project
from .recommendations import ALLOWED_TRANSITIONS, Recommendation
from .supervision import Supervision

__all__ = [
    "ALLOWED_TRANSITIONS",
    "BOARD_KINDS",
    "MAX_RESIDENT_MEMBERS",
    "MIN_RESIDENT_MEMBERS",
    "Aspect",
    "BoardMember",
    "FundingSource",
    "Implementation",
    "Inspection",
    "InspectionReport",
    "InspectionTrigger",
    "InspectionWorkPlan",
    "MonitoringBoard",
    "MonitoringFinding",
    "MonitoringSession",
    "OriginKind",
    "Project",
    "ProjectStage",
    "Recommendation",
    "RecommendationStatus",
    "ReplyOutcome",
    "ReportPeriod",
    "Supervision",
    "SupervisionForm",
    "SupervisionKind",
    "resident_member_count",
]

"""Writes of the oversight app. Every function is keyword-only, checks the actor's scope,
validates the whole object (``full_clean``), saves in one transaction and leaves audit
entries with the actor; publishing changes refresh the cached public pages."""

from .boards import (
    area_head_term_end,
    report_figures,
    save_board_member,
    save_inspection,
    save_monitoring_board,
    save_report,
    save_work_plan,
)
from .projects import publish_session, record_session, save_project, update_session
from .recommendations import (
    build_recommendation,
    close_recommendation,
    create_recommendation,
    forbidden_message,
    record_implementation,
    record_reply,
    send_recommendation,
)
from .supervision import save_supervision, start_resupervision

__all__ = [
    "area_head_term_end",
    "build_recommendation",
    "close_recommendation",
    "create_recommendation",
    "forbidden_message",
    "publish_session",
    "record_implementation",
    "record_reply",
    "record_session",
    "report_figures",
    "save_board_member",
    "save_inspection",
    "save_monitoring_board",
    "save_project",
    "save_report",
    "save_supervision",
    "save_work_plan",
    "send_recommendation",
    "start_resupervision",
    "update_session",
]

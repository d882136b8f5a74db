"""The choices of the oversight models."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import OrganizationKind

BOARD_KINDS = (OrganizationKind.INSPECTION_BOARD, OrganizationKind.INVESTMENT_MONITORING_BOARD)


class SupervisionKind(models.TextChoices):
    # A kind of work (giám sát), not one supervision (cuộc giám sát).
    SUPERVISION = "supervision", pgettext_lazy("kind of oversight work", "Supervision")
    SOCIAL_CRITICISM = "social_criticism", _("Social criticism")


class SupervisionForm(models.TextChoices):
    DOCUMENT_REVIEW = "document_review", _("Review of documents and reports")
    TEAM = "team", _("Supervision team")
    THROUGH_BOARD = "through_board", _("Through a People's Inspection Board or Monitoring Board")


class InspectionTrigger(models.TextChoices):
    PLAN = "plan", _("The annual work plan")
    CONCERN = "concern", _("A resident's concern")
    PETITION = "petition", _("A petition")


class ReportPeriod(models.TextChoices):
    QUARTER = "quarter", _("Quarterly")
    HALF_YEAR = "half_year", _("6-month")
    YEAR = "year", _("Annual")


class FundingSource(models.TextChoices):
    STATE_BUDGET = "state_budget", _("State budget")
    LOCAL_BUDGET = "local_budget", _("Commune budget")
    COMMUNITY = "community", _("Community contributions")
    MIXED = "mixed", _("Budget and community contributions")
    PPP = "ppp", _("Public-private partnership")
    OTHER = "other", _("Other")


class ProjectStage(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    CONSTRUCTION = "construction", _("Construction")
    COMPLETED = "completed", _("Completed")
    HANDED_OVER = "handed_over", _("Handed over")
    SUSPENDED = "suspended", _("Suspended")


class Aspect(models.TextChoices):
    QUALITY = "quality", _("Quality")
    PROGRESS = "progress", _("Progress")
    FINANCE = "finance", _("Finance")
    ENVIRONMENT = "environment", _("Environment")
    COMPENSATION = "compensation", _("Compensation and site clearance")


class RecommendationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent, waiting for a reply")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


class ReplyOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    REJECTED = "rejected", _("Rejected")


class Implementation(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")


class OriginKind(models.TextChoices):
    # Named with their body, so that a list of recommendations tells a Front supervision from an
    # inspection of the People's Inspection Board and a session of a monitoring board.
    SUPERVISION = "supervision", pgettext_lazy("origin of a recommendation", "Supervision")
    INSPECTION = "inspection", pgettext_lazy("origin of a recommendation", "Inspection")
    SESSION = "session", pgettext_lazy("origin of a recommendation", "Monitoring session")

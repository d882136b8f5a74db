"""What the oversight seeds share: the seeding day, the boards, who records, recommendations.

Projects and their monitoring sessions, the People's Inspection Boards' inspections and the
Front's supervisions all end in recommendations, made here the same way: sent (or not yet),
replied to, implemented and closed as the demo values say, with dates counted from the
seeding day, addressed to the authority of the demo register that existed on the day sent.
"""

from __future__ import annotations

import datetime
import random

from concerns.models import Concern
from organizations.models import AdministrativeUnit, Authority, AuthorityKind, Organization, User
from oversight.models import Recommendation, RecommendationStatus

from .authorities import Register
from .common import CADRE_WARD_UNITS
from .oversight_data import RecommendationSpec


class OversightWork:
    """The seeding day, the monitoring boards by area code, the recorders, the random source."""

    def __init__(self, rng: random.Random, today: datetime.date, boards: dict[str, Organization]) -> None:
        self.rng = rng
        self.today = today
        self.boards = boards
        self.accounts = {
            u.username: u for u in User.objects.filter(username__in=("cadre_area", "cadre_ward"))
        }
        self.register = Register()

    def day(self, value: datetime.date | int | None) -> datetime.date | None:
        if value is None or isinstance(value, datetime.date):
            return value
        return self.today - datetime.timedelta(days=value)

    def recorder(self, unit: AdministrativeUnit) -> User | None:
        if unit.code in CADRE_WARD_UNITS:
            return self.accounts.get("cadre_ward")
        return self.accounts.get("cadre_area")

    def authority(self, wanted: str, unit: AdministrativeUnit, on: datetime.date) -> Authority:
        """``wanted`` (a kind of body of ``unit``, or a body's name) as the register had it on ``on``."""
        if wanted in AuthorityKind.values:
            found = self.register.of(unit, wanted, on)
        else:
            found = self.register.named(wanted, on)
        if found is None:
            raise RuntimeError(f"The demo register has no {wanted} of {unit} on {on}.")
        return found

    def recommendation(
        self, spec: RecommendationSpec, recorder, *, concern: Concern | None = None, **origin
    ) -> Recommendation:
        recommendation = Recommendation(
            content=spec.content,
            concern=concern,
            created_by=recorder,
            is_demo=True,
            **origin,
        )
        recommendation.take_place_from_origin()
        sent = self.day(spec.sent)
        recommendation.authority = self.authority(spec.authority, recommendation.unit, sent or self.today)
        if sent is not None:
            recommendation.status = RecommendationStatus.SENT
            recommendation.sent_on = sent
            recommendation.due_date = sent + datetime.timedelta(days=spec.due_after_days)
            recommendation.document_number = f"{self.rng.randint(5, 95)}/KN-{_issuer(recommendation)}"
            if spec.reply is not None:
                after, text, outcome = spec.reply
                reply_on = min(sent + datetime.timedelta(days=after), self.today)
                recommendation.status = RecommendationStatus.REPLIED
                recommendation.reply_on = reply_on
                recommendation.reply_text = text
                recommendation.reply_outcome = outcome
                recommendation.implementation = spec.implementation
                recommendation.implementation_on = reply_on if spec.implementation != "not_started" else None
                if spec.closed:
                    recommendation.status = RecommendationStatus.CLOSED
                    recommendation.closed_on = min(reply_on + datetime.timedelta(days=30), self.today)
        recommendation.save()
        return recommendation


def _issuer(recommendation: Recommendation) -> str:
    if recommendation.session_id:
        return "BGSĐTCCĐ"
    if recommendation.inspection_id:
        return "BTTND"
    return "MTTQ"

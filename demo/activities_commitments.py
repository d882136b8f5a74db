"""The demo's commitments followed to an answer (invented, marked "minh họa").

The leaders commit at dialogues (to what the dialogue was about, ``activities_data.DIALOGUES``) and
the committees at voter contacts (to answer and to mend what voters raised). Each commitment is
owned by the People's Committee of the unit where it was made, as the register had it that day. What
became of it is decided here, with a random generator of its own (so the rest of the work log does
not move when these rules change), from fixed rules and the seeding day:

- commitments of events still to come are not made yet (dropped);
- most commitments whose deadline has passed were checked: kept with a document or a visit as
  evidence, some partly kept, a few not kept; one made before the 2025 reorganization became no
  longer relevant with it;
- those of the last months still pending past their deadline are the overdue ones the cadres'
  inbox and start page show, and in each unit of today the one whose deadline passed last has not
  been checked yet.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from activities.models import Activity, Commitment, CommitmentStatus
from organizations.models import Authority, AuthorityKind

from .common import MERGER

# Commitments of a voter contact: answering and mending what the voters raised (no season in them).
VOTER_CONTACT_COMMITMENTS = (
    "Trả lời bằng văn bản các ý kiến, kiến nghị cử tri chưa được trả lời tại hội nghị (minh họa)",
    "Kiểm tra, sửa chữa các đoạn đường giao thông nông thôn xuống cấp mà cử tri phản ánh (minh họa)",
    "Rà soát, công khai danh sách hộ được hỗ trợ theo kiến nghị của cử tri (minh họa)",
    "Chỉ đạo thu gom rác thải tồn đọng tại các điểm cử tri phản ánh (minh họa)",
    "Bổ sung đèn chiếu sáng tại các tuyến đường cử tri kiến nghị (minh họa)",
)

KEPT_EVIDENCE = (
    "Báo cáo số {number}/BC-UBND ngày {date} về kết quả thực hiện; Ban Công tác Mặt trận khu dân cư "
    "kiểm tra thực tế, xác nhận đã hoàn thành (minh họa).",
    "Biên bản nghiệm thu ngày {date}; Ủy ban MTTQ cùng đại diện cử tri giám sát, xác nhận đã thực hiện "
    "(minh họa).",
)
PARTLY_EVIDENCE = (
    "Công văn số {number}/UBND ngày {date}: đã thực hiện một phần, phần còn lại chờ bố trí kinh phí năm "
    "sau (minh họa).",
)
NOT_KEPT_EVIDENCE = (
    "Đến ngày {date} chưa triển khai; Ủy ban MTTQ đã có văn bản số {number}/MTTQ đề nghị UBND báo cáo "
    "lý do và thời hạn mới (minh họa).",
)
NO_LONGER_RELEVANT_EVIDENCE = (
    "Sau khi sắp xếp đơn vị hành chính từ ngày 01/07/2025, nội dung cam kết được đưa vào kế hoạch chung "
    "của đơn vị mới (minh họa)."
)
# Pending commitments past their deadline for longer than this were checked by the seeding day.
CHECKED_AFTER = datetime.timedelta(days=150)


def voter_contact_commitments(unit, on: datetime.date) -> list[Commitment]:
    """Half of the voter contacts end with one or two commitments of the committee (drawn from a
    generator of their own, seeded by the unit and the day)."""
    rng = random.Random(f"voter-contact-commitments-{unit.code}-{on.isoformat()}")
    if rng.random() < 0.5:
        return []
    return [
        Commitment(text=text, deadline=on + datetime.timedelta(days=rng.choice((30, 45, 60))))
        for text in rng.sample(VOTER_CONTACT_COMMITMENTS, rng.randint(1, 2))
    ]


class _Owners:
    """The People's Committee of each unit on a day, from the register (one query)."""

    def __init__(self) -> None:
        self.by_unit: dict[int, list[Authority]] = defaultdict(list)
        committees = Authority.objects.filter(kind=AuthorityKind.PEOPLES_COMMITTEE, unit__isnull=False)
        for authority in committees.order_by("pk"):
            self.by_unit[authority.unit_id].append(authority)

    def of(self, unit_id: int, on: datetime.date) -> Authority | None:
        return next((a for a in self.by_unit.get(unit_id, ()) if a.is_current(on)), None)


def follow_up(
    pairs: list[tuple[Activity, Commitment]], today: datetime.date, rng: random.Random
) -> list[Commitment]:
    """The commitments to save, each with its unit, owner and status as of ``today``."""
    owners = _Owners()
    kept: list[Commitment] = []
    for activity, commitment in sorted(pairs, key=lambda pair: (pair[0].date, pair[0].pk, pair[1].text)):
        if activity.date > today:
            continue  # an event still to come has made no commitment yet
        commitment.activity = activity
        commitment.unit_id = activity.unit_id
        commitment.owner = owners.of(activity.unit_id, activity.date)
        # The dialogue's builder drew whether it was kept; checked only once its deadline has come.
        settled = commitment.status != CommitmentStatus.PENDING
        commitment.status = CommitmentStatus.PENDING
        due = commitment.deadline is not None and commitment.deadline <= today
        if due and (settled or commitment.deadline < today - CHECKED_AFTER):
            _settle(commitment, activity, today, rng)
        kept.append(commitment)
    _one_no_longer_relevant(kept, today)
    _latest_overdue(kept, today)
    return kept


def _settle(commitment: Commitment, activity: Activity, today: datetime.date, rng: random.Random) -> None:
    day = commitment.deadline
    status, texts = rng.choices(
        [
            (CommitmentStatus.KEPT, KEPT_EVIDENCE),
            (CommitmentStatus.PARTLY_KEPT, PARTLY_EVIDENCE),
            (CommitmentStatus.NOT_KEPT, NOT_KEPT_EVIDENCE),
        ],
        weights=(6, 3, 1),
    )[0]
    commitment.status = status
    commitment.status_on = min(max(day, activity.date), today)
    commitment.evidence = rng.choice(texts).format(
        number=rng.randint(10, 480), date=commitment.status_on.strftime("%d/%m/%Y")
    )


def _one_no_longer_relevant(commitments: list[Commitment], today: datetime.date) -> None:
    """The last commitment made before the reorganization whose deadline fell after it."""
    candidates = [
        c for c in commitments if c.deadline is not None and c.activity.date < MERGER <= c.deadline <= today
    ]
    if not candidates:
        return
    chosen = candidates[-1]
    chosen.status = CommitmentStatus.NO_LONGER_RELEVANT
    chosen.status_on = MERGER
    chosen.evidence = NO_LONGER_RELEVANT_EVIDENCE


def _latest_overdue(commitments: list[Commitment], today: datetime.date) -> None:
    """In each unit of today, the commitment whose deadline passed last has not been checked yet:
    the overdue commitment its cadres see on their start page and in their inbox."""
    latest: dict[int, Commitment] = {}
    for commitment in commitments:
        if commitment.activity.date < MERGER or commitment.deadline is None or commitment.deadline >= today:
            continue
        if commitment.status == CommitmentStatus.NO_LONGER_RELEVANT:
            continue
        chosen = latest.get(commitment.unit_id)
        if chosen is None or commitment.deadline >= chosen.deadline:
            latest[commitment.unit_id] = commitment
    for commitment in latest.values():
        commitment.status, commitment.status_on, commitment.evidence = CommitmentStatus.PENDING, None, ""

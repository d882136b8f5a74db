"""When things happen in La Gi: the date windows of the demo topics, defined once.

A La Gi office would not believe Tết gifts in July or comments on the Constitution in 2021.
Each window names a phrase that a demo text carries (a summary, a draft's title, a dialogue's
topic, a concern) and the days on which such a text can be dated; a text that carries several
phrases must fall in all their windows. The activity and concern seeds choose only topics that
fit the day (``fits``), and ``tests/test_demo_calendar.py`` checks every seeded activity and
concern against the same windows.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

D = datetime.date
# The 2025 reorganization: the district level ended and the new units began on this day.
REORGANIZED = D(2025, 7, 1)


@dataclass(frozen=True)
class Window:
    """Days of the year (``yearly``: from (month, day) to (month, day), inclusive) and/or spans of dates."""

    why: str
    yearly: tuple[tuple[int, int], tuple[int, int]] | None = None
    spans: tuple[tuple[datetime.date | None, datetime.date | None], ...] = ()

    def allows(self, day: datetime.date) -> bool:
        if self.yearly is not None:
            first, last = self.yearly
            if not first <= (day.month, day.day) <= last:
                return False
        if self.spans:
            return any(
                (start is None or start <= day) and (end is None or day <= end) for start, end in self.spans
            )
        return True


# Phrase (matched without regard to case) → the days a text carrying it can be dated.
WINDOWS: dict[str, Window] = {
    "quà Tết": Window("Tết gifts are given in the weeks before the Lunar New Year", yearly=((1, 1), (2, 29))),
    "Ngày hội Đại đoàn kết": Window(
        "the Great Unity Day is held in the residential areas from 1 to 18 November",
        yearly=((11, 1), (11, 18)),
    ),
    "Ngày truyền thống Mặt trận": Window(
        "events for the Front's anniversary (18 November) take place in October and November",
        yearly=((10, 1), (11, 18)),
    ),
    "học bổng": Window("scholarships are given at the start of the school year", yearly=((8, 1), (9, 30))),
    "mưa lớn, triều cường": Window(
        "heavy rain and high tides hit the La Gi coast from June to December", yearly=((6, 1), (12, 31))
    ),
    "Hiến pháp": Window(
        "the people's comments on the 2025 amendment of the Constitution were gathered in May and June 2025",
        spans=((D(2025, 5, 1), D(2025, 6, 30)),),
    ),
    "Luật Đất đai": Window(
        "the draft Land Law (amended) was put to the people from January to March 2023",
        spans=((D(2023, 1, 1), D(2023, 3, 31)),),
    ),
    "văn kiện Đại hội Đảng bộ": Window(
        "commune-level Party congress drafts are discussed before the 2020 and 2025 congresses",
        spans=((D(2020, 3, 1), D(2020, 6, 30)), (D(2025, 6, 1), D(2025, 8, 31))),
    ),
    "quy chế dân chủ ở cơ sở": Window(
        "communes drafted their grassroots democracy rules after the 2022 law came into force on 1 July 2023",
        spans=((D(2023, 7, 1), D(2024, 6, 30)),),
    ),
    "kế hoạch phát triển kinh tế - xã hội năm sau": Window(
        "the next year's plan is put to the people before the People's Council's year-end session",
        yearly=((10, 1), (12, 15)),
    ),
    "về sắp xếp đơn vị hành chính": Window(
        "the 2025 reorganization was explained to the people from March 2025",
        spans=((D(2025, 3, 1), D(2025, 12, 31)),),
    ),
    "sau sắp xếp": Window("nothing happens after the reorganization before it", spans=((REORGANIZED, None),)),
    "sau khi sắp xếp": Window(
        "nothing happens after the reorganization before it", spans=((REORGANIZED, None),)
    ),
    "sau khi sáp nhập": Window("nothing happens after the merger before it", spans=((REORGANIZED, None),)),
    "Tòa án nhân dân khu vực": Window(
        "the regional people's courts replaced the district courts on 1 July 2025",
        spans=((REORGANIZED, None),),
    ),
    "Tòa án nhân dân thị xã": Window(
        "the town's people's court ended with the district level", spans=((None, D(2025, 6, 30)),)
    ),
    "HĐND thị xã": Window(
        "the town People's Council ended with the district level on 30 June 2025",
        spans=((None, D(2025, 6, 30)),),
    ),
    "Bộ phận một cửa": Window(
        "the one-stop desks became public administrative service centres on 1 July 2025",
        spans=((None, D(2025, 6, 30)),),
    ),
    "Trung tâm phục vụ hành chính công": Window(
        "each ward and commune has had its public administrative service centre since 1 July 2025",
        spans=((REORGANIZED, None),),
    ),
    "Quốc hội khóa XIV": Window(
        "the 14th National Assembly met until April 2021", spans=((None, D(2021, 5, 31)),)
    ),
    "Quốc hội khóa XV": Window(
        "the 15th National Assembly met from July 2021 to December 2025",
        spans=((D(2021, 6, 1), D(2026, 2, 28)),),
    ),
    "Quốc hội khóa XVI": Window(
        "the 16th National Assembly was elected on 15 March 2026", spans=((D(2026, 2, 25), None),)
    ),
    "HĐND tỉnh Bình Thuận": Window(
        "Bình Thuận's People's Council ended with the province on 30 June 2025",
        spans=((None, D(2025, 6, 30)),),
    ),
    "HĐND tỉnh Lâm Đồng": Window(
        "La Gi votes for Lâm Đồng's People's Council since 1 July 2025", spans=((REORGANIZED, None),)
    ),
    "Bộ Tài nguyên và Môi trường": Window(
        "the Ministry of Natural Resources and Environment was merged into a new ministry on 1 March 2025",
        spans=((None, D(2025, 2, 28)),),
    ),
}


def windows_of(text: str) -> list[tuple[str, Window]]:
    """The windows whose phrase ``text`` carries, as whole words ("khóa XV" is not in "khóa XVI")."""
    return [(phrase, window) for phrase, window in WINDOWS.items() if _PATTERNS[phrase].search(text)]


_PATTERNS = {phrase: re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE) for phrase in WINDOWS}


def fits(text: str, day: datetime.date) -> bool:
    """Whether a demo text can be dated ``day``."""
    return all(window.allows(day) for _phrase, window in windows_of(text))


def misplaced(text: str, day: datetime.date) -> list[str]:
    """The reasons a text cannot be dated ``day`` (empty when it fits)."""
    return [f"{phrase!r}: {window.why}" for phrase, window in windows_of(text) if not window.allows(day)]

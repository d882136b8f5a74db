"""Invented Vietnamese people for the demo data: names, years of birth, private contacts.

Everything here is made up. Phones and e-mails are unique across the demo so that a test
can search for each one and be sure it never leaks onto a public page.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

FAMILY_NAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Hoàng",
    "Phan",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Trương",
    "Đinh",
    "Lâm",
    "Mai",
    "Châu",
)
MIDDLE_NAMES = {
    "female": ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Kim", "Thanh", "Mỹ", "Bích", "Hồng"),
    "male": ("Văn", "Văn", "Văn", "Minh", "Quốc", "Hữu", "Đức", "Công", "Thanh", "Ngọc"),
}
GIVEN_NAMES = {
    "female": (
        "Lan",
        "Hoa",
        "Hương",
        "Mai",
        "Cúc",
        "Hằng",
        "Thảo",
        "Trang",
        "Nga",
        "Yến",
        "Phượng",
        "Dung",
        "Hạnh",
        "Loan",
        "Oanh",
        "Tuyết",
        "Vân",
        "Xuân",
        "Diễm",
        "Nhung",
        "Thủy",
        "Linh",
        "Ngân",
        "Hiền",
    ),
    "male": (
        "Hùng",
        "Dũng",
        "Tuấn",
        "Minh",
        "Phúc",
        "Sơn",
        "Hải",
        "Long",
        "Thành",
        "Tâm",
        "Bình",
        "Quang",
        "Trung",
        "Nam",
        "Khoa",
        "Lộc",
        "Tài",
        "Nghĩa",
        "Thắng",
        "Vinh",
        "Hiếu",
        "Toàn",
        "Phát",
        "Đạt",
    ),
}
MOBILE_PREFIXES = (
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "081",
    "083",
    "084",
    "085",
    "086",
    "088",
    "089",
    "070",
    "077",
    "079",
)


@dataclass(frozen=True)
class PersonSpec:
    key: str
    full_name: str
    gender: str
    birth_year: int
    phone: str
    email: str
    unit_code: str


def ascii_slug(text: str) -> str:
    """``Nguyễn Thị Lan`` → ``nguyen.thi.lan``."""
    text = text.replace("Đ", "D").replace("đ", "d")
    plain = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode("ascii")
    return ".".join(plain.lower().split())


class PeopleMaker:
    """Makes unique invented people from a fixed random seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.phones: set[str] = set()
        self.count = 0

    def name(self, gender: str) -> str:
        for _attempt in range(200):
            candidate = " ".join(
                (
                    self.rng.choice(FAMILY_NAMES),
                    self.rng.choice(MIDDLE_NAMES[gender]),
                    self.rng.choice(GIVEN_NAMES[gender]),
                )
            )
            if candidate not in self.names:
                break
        else:  # pragma: no cover - only with thousands of people
            candidate = f"{candidate} {len(self.names)}"
        self.names.add(candidate)
        return candidate

    def phone(self) -> str:
        while True:
            candidate = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**7):07d}"
            if candidate not in self.phones:
                self.phones.add(candidate)
                return candidate

    def make(
        self, key: str, *, unit_code: str, gender: str | None = None, born: tuple[int, int] = (1965, 1990)
    ) -> PersonSpec:
        gender = gender or self.rng.choice(("female", "male"))
        full_name = self.name(gender)
        self.count += 1
        return PersonSpec(
            key=key,
            full_name=full_name,
            gender=gender,
            birth_year=self.rng.randint(*born),
            phone=self.phone(),
            email=f"{ascii_slug(full_name)}.{self.count:03d}@example.vn",
            unit_code=unit_code,
        )

"""Invented place names for the national data set (``grow_national``).

A name is two syllables drawn from two lists of syllables common in Vietnamese place names
(``Hòa Vân``, ``Phú Lâm``): they look Vietnamese and are made up. A combination may by chance
be the name of a real commune somewhere, never of a real province (``REAL_PROVINCES`` are left
out); every unit and organization of the set also carries the load-test mark in its name and the
demo flag, so no one takes it for a real place.
"""

from __future__ import annotations

import random

FIRST = (
    "Hòa",
    "Phú",
    "Vĩnh",
    "Thạnh",
    "Quang",
    "Đông",
    "Tây",
    "Trung",
    "Hưng",
    "Kim",
    "Ngọc",
    "Thái",
    "Gia",
    "Long",
    "Mỹ",
    "Hải",
    "Sơn",
    "Lạc",
    "Tân",
    "Xuân",
    "Đại",
    "Cẩm",
    "Yên",
    "Minh",
    "Thuận",
    "Diên",
    "Phước",
    "Hiệp",
    "Nghĩa",
    "Bảo",
)
SECOND = (
    "Vân",
    "Lâm",
    "Hà",
    "Điền",
    "Khê",
    "Phong",
    "Thủy",
    "Linh",
    "Nguyên",
    "Xương",
    "Sa",
    "Cương",
    "Lộc",
    "Hưng",
    "An",
    "Bình",
    "Thịnh",
    "Trà",
    "Giang",
    "Châu",
    "Hòa",
    "Tiên",
    "Đức",
    "Lĩnh",
    "Mỹ",
    "Thành",
    "Tường",
    "Quý",
    "Uyên",
    "Khánh",
)
# Names of provinces and centrally governed cities, before and since 1 July 2025, that the lists
# above could make: an invented province never bears one.
REAL_PROVINCES = frozenset(
    {
        "An Giang",
        "Bình Định",
        "Bình Dương",
        "Bình Phước",
        "Bình Thuận",
        "Gia Lai",
        "Hà Giang",
        "Hà Nam",
        "Hà Tĩnh",
        "Hải Dương",
        "Hải Phòng",
        "Hậu Giang",
        "Hòa Bình",
        "Hưng Yên",
        "Khánh Hòa",
        "Kiên Giang",
        "Long An",
        "Nam Định",
        "Ninh Bình",
        "Ninh Thuận",
        "Phú Thọ",
        "Phú Yên",
        "Quảng Bình",
        "Quảng Nam",
        "Quảng Ngãi",
        "Quảng Ninh",
        "Quảng Trị",
        "Sơn La",
        "Tây Ninh",
        "Thái Bình",
        "Thái Nguyên",
        "Tiền Giang",
        "Vĩnh Long",
        "Vĩnh Phúc",
        "Yên Bái",
    }
)
PLACE_NAMES = tuple(f"{first} {second}" for first in FIRST for second in SECOND if first != second)


class NameDrawer:
    """Draws names that do not repeat among the units of one parent (a province's communes, a
    commune's villages); names repeat across parents, as they do in the country."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def provinces(self, count: int) -> list[str]:
        return self._distinct(count, [name for name in PLACE_NAMES if name not in REAL_PROVINCES])

    def siblings(self, count: int) -> list[str]:
        """``count`` names for the units under one parent (numbered once the list runs out)."""
        return self._distinct(count, PLACE_NAMES)

    def _distinct(self, count: int, names: list[str] | tuple[str, ...]) -> list[str]:
        drawn = self.rng.sample(names, min(count, len(names)))
        # More units than names under one parent: the rest are numbered, ``Hòa Vân 2``.
        drawn += [f"{names[n % len(names)]} {2 + n // len(names)}" for n in range(count - len(drawn))]
        return drawn

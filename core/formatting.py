"""How numbers, money, quarters and unit names are written in running text, in the active language.

Vietnamese, as a Front office writes it: money ``5.000.000 đồng``, percent ``70%``, decimals
``145,5 m²``, quarters ``Quý III/2026``, terms of office with a Roman ordinal (``Khóa XII``);
inside a sentence or a list label the common noun of a unit is lower-case (Decree 30/2020):
``hội trường UBND phường Phước Hội``, ``đại diện khu phố 3``, ``Phường La Gi, tỉnh Lâm Đồng``.
English: ``5,000,000 VND``, ``70%``, ``145.5 m²``, ``Q3 2026`` (the separators come from the
language's format module, ``lagi_portal/formats``).

Every app writes numbers and unit names through these functions (templates through the
``core_format`` filters), so a page, a generated sentence and a demo text read the same.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext, pgettext

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)

# The common nouns of units that are written lower-case inside running text, longest first so
# that "thị xã" wins over "xã". A name is the noun followed by its proper name ("Phường Phước Hội").
UNIT_NOUNS = (
    "tổ dân phố",
    "khu dân cư",
    "thành phố",
    "thị trấn",
    "khu phố",
    "đặc khu",
    "thị xã",
    "phường",
    "huyện",
    "quận",
    "thôn",
    "tỉnh",
    "ấp",
    "xã",
)
# Administrative units named by a number keep the capital letter (Decree 30/2020: "Phường 15",
# "Quận 8"); a residential area named by a number does not ("khu phố 3").
_NUMBERED_KEEP_CAPITAL = ("phường", "quận", "huyện", "xã", "thị trấn")


def roman(number: int) -> str:
    """12 → ``XII`` (a term of office, a quarter)."""
    if number < 1:
        return str(number)
    parts = []
    for value, letters in _ROMAN:
        while number >= value:
            parts.append(letters)
            number -= value
    return "".join(parts)


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    # 145.50 → 145.5, 100.0 → 100 (and never 1E+2).
    number = number.normalize()
    return number.quantize(Decimal(1)) if number == number.to_integral() else number


def number(value) -> str:
    """A whole or decimal number with the separators of the active language: ``1.500.000``, ``145,5``."""
    if type(value) is int and get_format("NUMBER_GROUPING") == 3:
        # The common case (a count, an amount in đồng), written directly: a report's tables hold
        # hundreds of them, each a detour through a Decimal and ``number_format`` otherwise.
        return f"{value:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
    parsed = _decimal(value)
    if parsed is None:
        return "" if value in (None, "") else str(value)
    return number_format(parsed, force_grouping=True)


def money(amount) -> str:
    """``5.000.000 đồng`` in Vietnamese, ``5,000,000 VND`` in English."""
    if amount in (None, ""):
        return ""
    return gettext("%(amount)s VND") % {"amount": number(amount)}


def percent(value) -> str:
    """``70%``, ``12,5%``: no space before the sign, as Vietnamese and English write it."""
    if value in (None, ""):
        return ""
    return f"{number(value)}%"


def area_m2(value) -> str:
    """``145,5 m²`` (``145.5 m²`` in English)."""
    if value in (None, ""):
        return ""
    return f"{number(value)} m²"


def quarter(number_: int, year: int) -> str:
    """``Quý III/2026`` in Vietnamese, ``Q3 2026`` in English."""
    labels = {
        1: pgettext("quarter of a year", "Q1 %(year)s"),
        2: pgettext("quarter of a year", "Q2 %(year)s"),
        3: pgettext("quarter of a year", "Q3 %(year)s"),
        4: pgettext("quarter of a year", "Q4 %(year)s"),
    }
    label = labels.get(number_)
    if label is None:
        return f"{number_}/{year}"
    return label % {"year": year}


def unit_in_text(name: str) -> str:
    """A unit's name as it is written inside a sentence: ``Phường Phước Hội`` → ``phường Phước Hội``.

    ``Khu phố 3`` → ``khu phố 3``, ``Tỉnh Lâm Đồng`` → ``tỉnh Lâm Đồng``, ``Thị xã La Gi`` →
    ``thị xã La Gi``; ``Phường 15`` keeps its capital (a numbered administrative unit), and a
    name that does not start with a unit noun (``Ủy ban MTTQ ...``) is left as it is.
    """
    if not name:
        return name
    folded = name.casefold()
    for noun in UNIT_NOUNS:
        if folded.startswith(noun) and (len(name) == len(noun) or name[len(noun)] == " "):
            rest = name[len(noun) :]
            if noun in _NUMBERED_KEEP_CAPITAL and rest.strip().isdigit():
                return name
            return noun + rest
    return name


def unit_at_start(name: str) -> str:
    """A unit's name at the start of a sentence or a label: the first letter upper-case."""
    return name[:1].upper() + name[1:] if name else name


def place(*names: str) -> str:
    """Names from the smallest unit up, joined as a label: ``Khu phố 2, phường Phước Hội``.

    The first keeps its capital letter; the units after it are written as inside a sentence.
    Empty names are skipped.
    """
    parts = [name for name in names if name]
    if not parts:
        return ""
    return ", ".join([unit_at_start(parts[0])] + [unit_in_text(name) for name in parts[1:]])


def natural_key(text: str) -> tuple:
    """Sort numbered names as people count: "Khu phố 2" before "Khu phố 10" (case and accents
    compared as Python compares them after ``casefold``)."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in re.split(r"(\d+)", text or "")
        if part
    )

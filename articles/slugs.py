"""Web addresses of articles, made from Vietnamese titles.

"Ngày hội Đại đoàn kết toàn dân tộc" becomes "ngay-hoi-dai-doan-ket-toan-dan-toc": marks are
stripped (also when the title was typed with decomposed marks) and đ becomes d.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.text import slugify

MAX_LENGTH = 200
# Room left for a "-2", "-3"... suffix when the address is taken.
_BASE_LENGTH = MAX_LENGTH - 8
# Characters that separate words in a title: "1/7/2025" becomes "1-7-2025", not "172025".
_SEPARATORS = re.compile(r"[/\\|.,:;!?()\[\]{}\u2013\u2014_+&]+")


def strip_diacritics(text: str) -> str:
    """``text`` without Vietnamese (or other) diacritics; đ/Đ become d/D."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slug_from_title(title: str) -> str:
    """An ASCII slug of ``title``, cut at a word boundary; "bai-viet" when nothing is left."""
    slug = slugify(_SEPARATORS.sub(" ", strip_diacritics(title)))
    if len(slug) > _BASE_LENGTH:
        slug = slug[:_BASE_LENGTH].rsplit("-", 1)[0] or slug[:_BASE_LENGTH]
    return slug.strip("-") or "bai-viet"


def unique_slug(title: str, *, taken) -> str:
    """The slug of ``title``, with "-2", "-3"... added while ``taken(slug)`` says it is in use."""
    base = slug_from_title(title)
    candidate = base
    number = 2
    while taken(candidate):
        candidate = f"{base}-{number}"
        number += 1
    return candidate

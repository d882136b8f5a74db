"""Guard: the Vietnamese catalogue uses one term for one thing, the glossary's ("Words to use" in DOMAIN.md).

A resident's concern is "ý kiến, kiến nghị", a recommendation of a supervision or a board
"kiến nghị"; re-supervision "tái giám sát"; the People's Inspection Board "giám sát, kiểm
tra" (it never "thanh tra"); the Community Investment Monitoring Board has one name and its
visit is an "đợt giám sát"; a concern's code is a "mã tra cứu". The checks:

- every entry whose msgid *is* a glossary term (any case, singular or plural, any context) is
  translated with the glossary's Vietnamese;
- one msgid of a glossary term has one translation, whatever its case or context, except for
  the contexts of ``CONTEXT_DIFFERENCES``, each of them explained;
- every msgid that speaks of a resident's concern says "ý kiến, kiến nghị", and no translation
  uses a wording the glossary replaced (``REPLACED``).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from .test_guards import VI_CATALOGUE, CatalogueEntry, active_entries

# English term → the Vietnamese a translation of it must contain (one of them), lower-case.
GLOSSARY: dict[str, tuple[str, ...]] = {
    "fatherland front committee": ("ủy ban mặt trận tổ quốc việt nam", "ủy ban mttq việt nam"),
    "front working committee": ("ban công tác mặt trận",),
    "chair": ("chủ tịch",),
    "vice-chair": ("phó chủ tịch",),
    "member": ("ủy viên", "thành viên"),
    "head": ("trưởng ban", "tổ trưởng", "chi hội trưởng", "trưởng (ban, tổ, chi hội)"),
    "deputy head": ("phó trưởng ban", "tổ phó", "chi hội phó", "phó (ban, tổ, chi hội)"),
    "secretary": ("bí thư",),
    "deputy secretary": ("phó bí thư",),
    "women's union": ("hội liên hiệp phụ nữ", "hội lhpn"),
    "ho chi minh communist youth union": ("đoàn tncs hồ chí minh",),
    "people's inspection board": ("ban thanh tra nhân dân",),
    "community investment monitoring board": ("ban giám sát đầu tư của cộng đồng",),
    "monitoring board": ("ban giám sát đầu tư của cộng đồng", "bgsđtccđ"),
    "monitoring session": ("đợt giám sát",),
    "supervision": ("giám sát",),
    "re-supervision": ("tái giám sát",),
    "social criticism": ("phản biện xã hội",),
    "comments on a draft": ("góp ý dự thảo",),
    "concern": ("ý kiến, kiến nghị",),
    "recommendation": ("kiến nghị",),
    "petition": ("đơn thư",),
    "voter contact": ("tiếp xúc cử tri",),
    "dialogue": ("đối thoại",),
    "dialogue between leaders and people": (
        "đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân",
    ),
    "mediation team": ("tổ hòa giải",),
    "successful": ("hòa giải thành",),
    "unsuccessful": ("hòa giải không thành",),
    "great unity house": ("nhà đại đoàn kết",),
    "fund for the poor": ('quỹ "vì người nghèo"',),
    "great unity day": ("ngày hội đại đoàn kết toàn dân tộc",),
    "savings-and-loan group": ("tổ tiết kiệm và vay vốn",),
    "bank for social policies": ("ngân hàng chính sách xã hội",),
    "hot spot": ("điểm nóng",),
    "term": ("nhiệm kỳ",),
    "residential area": ("khu dân cư",),
    "ward": ("phường",),
    "commune": ("xã",),
    "inspection": ("kiểm tra",),
    "tracking code": ("mã tra cứu",),
}

# (term, context) whose translation may differ from the term's other translations, and why.
CONTEXT_DIFFERENCES: dict[tuple[str, str | None], str] = {
    ("head", None): "the generic choice of the position form names every body it can head",
    (
        "head",
        "title in a board or working committee",
    ): "a board or a working committee is led by a Trưởng ban",
    ("head", "title in a team or group"): "a mediation team or a group is led by a Tổ trưởng",
    (
        "head",
        "title in an association's branch",
    ): "an association's branch (chi hội) is led by a Chi hội trưởng",
    ("deputy head", None): "the generic choice of the position form names every body",
    ("deputy head", "title in a board or working committee"): "Phó Trưởng ban",
    ("deputy head", "title in a team or group"): "Tổ phó",
    ("deputy head", "title in an association's branch"): "Chi hội phó",
    ("member", None): "the generic choice of the position form covers committee and board members",
    ("member", "title in a committee"): "a member of a Front or association committee is an Ủy viên",
    ("member", "title in a board or team"): "a member of a board or a team is a thành viên",
    (
        "inspection",
        "origin of a recommendation",
    ): "where a recommendation comes from, the inspection is named "
    "with its board (Kiểm tra của Ban Thanh tra nhân dân) to tell it from a Front supervision",
    (
        "supervision",
        "kind of oversight work",
    ): "a kind of work is giám sát; one supervision is a cuộc giám sát",
    (
        "supervision",
        "origin of a recommendation",
    ): "where a recommendation comes from, the supervision is named with its body (Giám sát của Mặt trận)",
    (
        "monitoring session",
        "origin of a recommendation",
    ): "where a recommendation comes from, the session is named "
    "with its board (Đợt giám sát của Ban Giám sát đầu tư của cộng đồng)",
}

# Wordings the glossary replaced: no translation may use them.
REPLACED = {
    "giám sát lại": "re-supervision is tái giám sát",
    "bgsđtcđ": "the monitoring board's abbreviation is BGSĐTCCĐ",
    "mã theo dõi": "a concern's code is a mã tra cứu",
    "biểu mẫu công khai": "a concern sent on the portal is Gửi qua Cổng thông tin",
    "thông tin cho người dân": "the resident is told the result: thông báo kết quả cho người dân",
    "dữ liệu demo": "demo data is dữ liệu minh họa",
    "cuộc thanh tra": "the People's Inspection Board does giám sát, kiểm tra, not thanh tra",
    "kế hoạch thanh tra": "the People's Inspection Board's plan is a kế hoạch giám sát, kiểm tra",
    "₫": "money is written 5.000.000 đồng",
}


def _fold(text: str) -> str:
    """Case-folded, with typographic quotes made plain (Quỹ “Vì người nghèo” = Quỹ "Vì người nghèo")."""
    return re.sub(r"[“”]", '"', text).casefold()


def _translations(entry: CatalogueEntry) -> list[str]:
    # A plural heading starts with "Các" (Các đợt giám sát), a plural field name does not (đợt giám sát).
    return [re.sub(r"^các ", "", _fold(entry.msgstr[index])) for index in sorted(entry.msgstr)]


def _term_of(entry: CatalogueEntry) -> str | None:
    """The glossary term this msgid is (singular or plural), if any."""
    for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
        folded = _fold(msgid)
        for term in GLOSSARY:
            if folded in (term, term + "s"):
                return term
    return None


@pytest.fixture(scope="module")
def entries() -> list[CatalogueEntry]:
    return [entry for entry in active_entries(VI_CATALOGUE) if not entry.is_header and entry.is_translated]


def test_a_glossary_term_is_translated_with_the_glossary_words(entries):
    wrong = []
    for entry in entries:
        term = _term_of(entry)
        if term is None:
            continue
        for text in _translations(entry):
            if not any(word in text for word in GLOSSARY[term]):
                wrong.append(f"{entry}: {text!r} should say one of {GLOSSARY[term]}")
    assert not wrong, "\n".join(wrong)


def test_one_msgid_of_a_glossary_term_has_one_translation(entries):
    by_msgid: dict[str, dict[str, list[CatalogueEntry]]] = defaultdict(lambda: defaultdict(list))
    for entry in entries:
        term = _term_of(entry)
        if term is None or (term, entry.msgctxt) in CONTEXT_DIFFERENCES:
            continue
        by_msgid[_fold(entry.msgid)][" | ".join(_translations(entry))].append(entry)
    collisions = [
        f"{msgid!r} is translated {len(variants)} ways: "
        + "; ".join(f"{text!r} ({', '.join(str(e) for e in found)})" for text, found in variants.items())
        for msgid, variants in by_msgid.items()
        if len(variants) > 1
    ]
    assert not collisions, "\n".join(collisions)


def test_every_allowed_context_difference_is_explained_and_still_used(entries):
    present = {(_term_of(entry), entry.msgctxt) for entry in entries}
    for key, reason in CONTEXT_DIFFERENCES.items():
        assert reason.strip(), key
        assert key in present, f"{key} is allowed to differ but no longer in the catalogue: drop it"


def test_a_residents_concern_is_always_y_kien_kien_nghi(entries):
    wrong = [
        f"{entry}: {text!r}"
        for entry in entries
        if re.search(r"\bconcerns?\b", _fold(entry.msgid + " " + (entry.msgid_plural or "")))
        for text in _translations(entry)
        if "kiến nghị" in text and "ý kiến, kiến nghị" not in text
    ]
    assert not wrong, "A concern translated as a bare 'kiến nghị' (that is a recommendation):\n" + "\n".join(
        wrong
    )


def test_no_translation_uses_a_replaced_wording(entries):
    wrong = [
        f"{entry}: {text!r} ({why})"
        for entry in entries
        for text in _translations(entry)
        for old, why in REPLACED.items()
        if old in text
    ]
    assert not wrong, "\n".join(wrong)


def test_the_inspection_board_never_thanh_tra(entries):
    """ "Thanh tra" only in the board's own name, Ban Thanh tra nhân dân."""
    wrong = [
        f"{entry}: {text!r}"
        for entry in entries
        for text in _translations(entry)
        if "thanh tra" in text.replace("ban thanh tra nhân dân", "")
    ]
    assert not wrong, "\n".join(wrong)


def test_the_guard_catches_a_second_translation():
    """The checks fail where "Concern" and "concern" differ, or where a concern is a bare "Kiến nghị"."""
    concern = CatalogueEntry(msgid="Concern", msgstr={0: "Kiến nghị"})
    lower = CatalogueEntry(msgid="concern", msgstr={0: "ý kiến, kiến nghị"})
    with pytest.raises(AssertionError, match="translated 2 ways"):
        test_one_msgid_of_a_glossary_term_has_one_translation([concern, lower])
    with pytest.raises(AssertionError, match="bare 'kiến nghị'"):
        test_a_residents_concern_is_always_y_kien_kien_nghi([concern])

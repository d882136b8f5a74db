"""The reorganizations the demo carries out, with their legal basis.

Real (2025): Resolution 1671/NQ-UBTVQH15 of 16/06/2025 of the Standing Committee of the National
Assembly merged the nine wards and communes of thị xã La Gi into Phường La Gi, Phường Phước Hội
and Xã Tân Hải of Lâm Đồng province from 01/07/2025; the district level ended on the same day
(the town is dissolved; see its note for the basis recorded); Resolution 202/2025/QH15 of
12/06/2025 of the National Assembly merged Bình Thuận (with Đắk Nông, not in the demo) into
Lâm Đồng. The residential areas' new names and codes are the demo's own (invented).

Invented (demo data): the split of khu phố 7 of Phường Phước Hội into khu phố 7A and 7B on
01/03/2026 by a decision of the provincial People's Committee that does not exist, so that a
record of 2023 reaches today's quarter through two reorganizations.
"""

from __future__ import annotations

import datetime

from organizations.models import ReorganizationKind

from .structure import (
    NEW_START,
    NEW_UNITS,
    PROVINCE_NEW,
    PROVINCE_OLD,
    SPLIT_AREA,
    SPLIT_KEY,
    SPLIT_START,
    TOWN,
    Area,
    ReorganizationSpec,
    area_kind,
    merger_key,
)

RESOLUTION_1671 = ("1671/NQ-UBTVQH15", datetime.date(2025, 6, 16), "Ủy ban Thường vụ Quốc hội")
RESOLUTION_202 = ("202/2025/QH15", datetime.date(2025, 6, 12), "Quốc hội")
INVENTED_DECISION = ("245/QĐ-UBND", datetime.date(2026, 2, 10), "Ủy ban nhân dân tỉnh Lâm Đồng")


def reorganizations(
    old_areas: list[Area], new_areas: list[Area], parts: list[Area]
) -> list[ReorganizationSpec]:
    """In the order they are carried out: the three merges, the end of the town, the provinces, the split."""
    by_code = {area.code: area for area in new_areas}
    found = []
    for unit in NEW_UNITS:
        areas = [
            area for area in old_areas if area.successor in by_code and by_code[area.successor].unit == unit
        ]
        found.append(
            ReorganizationSpec(
                merger_key(unit.code),
                ReorganizationKind.MERGE,
                NEW_START,
                *RESOLUTION_1671,
                note=f"Sắp xếp các đơn vị hành chính cấp xã của tỉnh Lâm Đồng năm 2025: {unit.label}.",
                before=tuple(dict.fromkeys(area.unit.code for area in areas)),
                after=(
                    {
                        "key": unit.code,
                        "name": unit.name,
                        "code": unit.code,
                        "kind": unit.kind,
                        "parent": PROVINCE_NEW,
                    },
                ),
                areas=tuple((area.code, _area_entry(by_code[area.successor])) for area in areas),
            )
        )
    found.append(
        ReorganizationSpec(
            merger_key(TOWN),
            ReorganizationKind.DISSOLVE,
            NEW_START,
            *RESOLUTION_1671,
            note=(
                "Kết thúc hoạt động của đơn vị hành chính cấp huyện từ 01/07/2025. Căn cứ ghi ở đây là "
                "Nghị quyết 1671/NQ-UBTVQH15 (sắp xếp cấp xã của tỉnh); căn cứ của việc kết thúc cấp huyện "
                "là Luật Tổ chức chính quyền địa phương năm 2025, số hiệu chưa được kiểm chứng nên chưa ghi."
            ),
            before=(TOWN,),
        )
    )
    found.append(
        ReorganizationSpec(
            merger_key(PROVINCE_OLD),
            ReorganizationKind.MERGE,
            NEW_START,
            *RESOLUTION_202,
            note=(
                "Sắp xếp tỉnh Đắk Nông, tỉnh Bình Thuận và tỉnh Lâm Đồng thành tỉnh Lâm Đồng "
                "(tỉnh Đắk Nông không có trong dữ liệu minh họa)."
            ),
            before=(PROVINCE_OLD,),
            after=({"key": PROVINCE_NEW, "unit": PROVINCE_NEW},),
        )
    )
    found.append(
        ReorganizationSpec(
            SPLIT_KEY,
            ReorganizationKind.SPLIT,
            SPLIT_START,
            *INVENTED_DECISION,
            note="Quyết định minh họa, không có thật: chia khu phố 7, phường Phước Hội thành hai khu phố.",
            before=(SPLIT_AREA,),
            after=tuple(
                {
                    "key": part.code,
                    "name": part.name,
                    "code": part.code,
                    "kind": area_kind(part.unit),
                    "parent": part.unit.code,
                }
                for part in parts
            ),
            shares=((parts[0].code, "0.6"), (parts[1].code, "0.4")),
        )
    )
    return found


def _area_entry(area: Area) -> dict:
    return {"to": area.unit.code, "name": area.name, "code": area.code, "kind": area_kind(area.unit)}

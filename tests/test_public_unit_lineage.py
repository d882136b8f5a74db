"""A unit's history on its public page: the sentences both ways ("Formed on … from …", "Merged on
… into …", with the legal basis), the lineage diagram two reorganizations deep, and the directory
on a date before and after 1 July 2025. The query count of the page is pinned in
tests/test_public_pages_queries.py."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from organizations.models import AdministrativeUnit, Reorganization, UnitKind, UnitLineage
from tests.factories import UnitFactory
from tests.helpers import ENGLISH, unit, unit_url

pytestmark = pytest.mark.django_db

OLD_PHUOC_HOI = ("LG-PH", "LG-PL", "LG-TP")
NEW_PHUOC_HOI = "LD-PPHUOCHOI"


def diagram_of(client, place: AdministrativeUnit) -> list[tuple[list[str], list[str]]]:
    """The diagram as (names before, names after) per reorganization, the current unit starred."""
    html = client.get(unit_url(place), **ENGLISH).content.decode()
    diagram = html.split('id="lineage-diagram"', 1)[1].split("</figure>", 1)[0]
    steps = []
    for step in diagram.split('class="lineage-step"')[1:]:
        sides = step.split('class="lineage-side"')[1:]
        steps.append(tuple([_names(side) for side in sides]))
    return steps


def _names(side: str) -> list[str]:
    boxes = re.findall(r'<li class="lineage-box[^"]*">(.*?)</li>', side, flags=re.S)
    return [("*" if "aria-current" in box else "") + re.sub(r"<[^>]+>", "", box).strip() for box in boxes]


def reorganize(day: datetime.date, befores, afters, kind: str = "merge") -> Reorganization:
    reorganization = Reorganization.objects.create(
        kind=kind,
        effective_date=day,
        basis_number=f"{day.year}/NQ-TEST",
        basis_date=day - datetime.timedelta(days=30),
        basis_body="Test body",
        status="applied",
    )
    UnitLineage.objects.bulk_create(
        UnitLineage(reorganization=reorganization, before=before, after=after)
        for before in befores
        for after in afters
    )
    return reorganization


# --- the demo's 2025 reorganization, both ways ----------------------------------------------------


def test_the_new_unit_shows_what_it_was_formed_from_with_the_legal_basis_and_the_diagram(client):
    html = client.get(unit_url(unit(NEW_PHUOC_HOI)), **ENGLISH).content.decode()
    history = html.split('id="history-heading"', 1)[1].split("</section>", 1)[0]
    assert "Formed on 01/07/2025 from:" in history
    assert "1671/NQ-UBTVQH15" in history
    for code in OLD_PHUOC_HOI:
        assert f'href="{unit_url(unit(code))}"' in history
    (step,) = diagram_of(client, unit(NEW_PHUOC_HOI))
    before, after = step
    assert sorted(before) == sorted(unit(code).name for code in OLD_PHUOC_HOI)
    assert after == ["*Phường Phước Hội"]


def test_an_old_unit_shows_what_it_was_merged_into_and_the_units_merged_with_it(client):
    html = client.get(unit_url(unit("LG-PL")), **ENGLISH).content.decode()
    assert "Merged on 01/07/2025 into:" in html
    assert "1671/NQ-UBTVQH15" in html
    (step,) = diagram_of(client, unit("LG-PL"))
    before, after = step
    assert "*Phường Phước Lộc" in before
    assert {"Phường Phước Hội", "Xã Tân Phước"} <= set(before)
    assert after == ["Phường Phước Hội"]


def test_the_diagram_has_a_text_equivalent_and_no_script(client):
    html = client.get(unit_url(unit(NEW_PHUOC_HOI)), **ENGLISH).content.decode()
    figure = html.split('<figure class="lineage', 1)[1].split("</figure>", 1)[0]
    assert "<figcaption" in figure
    assert "Before the reorganization:" in figure and "After the reorganization:" in figure
    assert 'aria-hidden="true">→</span>' in figure
    assert '<time datetime="2025-07-01">01/07/2025</time>' in figure
    assert "<script" not in figure and "<svg" not in figure


def test_a_unit_without_a_reorganization_has_no_diagram(client):
    html = client.get(unit_url(UnitFactory()), **ENGLISH).content.decode()
    assert "lineage-diagram" not in html


# --- chains of two reorganizations ----------------------------------------------------------------


@pytest.fixture
def chain():
    """A and B merged into C in 2020; C split into D and E in 2024; D renamed F in 2026."""
    a, b = UnitFactory(name="Unit A"), UnitFactory(name="Unit B")
    c, d, e, f = (UnitFactory(name=f"Unit {name}") for name in "CDEF")
    reorganize(datetime.date(2020, 1, 1), [a, b], [c])
    reorganize(datetime.date(2024, 1, 1), [c], [d, e], kind="split")
    reorganize(datetime.date(2026, 1, 1), [d], [f], kind="rename")
    return dict(zip("ABCDEF", (a, b, c, d, e, f), strict=True))


def test_the_diagram_shows_what_a_unit_became_and_what_that_became(client, chain):
    assert diagram_of(client, chain["A"]) == [
        (["*Unit A", "Unit B"], ["Unit C"]),
        (["Unit C"], ["Unit D", "Unit E"]),
    ]


def test_the_diagram_shows_where_a_unit_came_from_and_where_that_came_from(client, chain):
    assert diagram_of(client, chain["D"]) == [
        (["Unit A", "Unit B"], ["Unit C"]),
        (["Unit C"], ["*Unit D", "Unit E"]),
        (["*Unit D"], ["Unit F"]),
    ]
    # Only what leads to the unit: F came from D, which came from C (not A and B, three steps away).
    assert diagram_of(client, chain["F"]) == [
        (["Unit C"], ["Unit D"]),
        (["Unit D"], ["*Unit F"]),
    ]


def test_the_history_sentences_name_each_reorganization_with_its_legal_basis(client, chain):
    html = client.get(unit_url(chain["C"]), **ENGLISH).content.decode()
    assert "Formed on 01/01/2020 from:" in html and "2020/NQ-TEST" in html
    assert "On 01/01/2024 became:" in html and "2024/NQ-TEST" in html


# --- the directory on any date --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "town", "wards"),
    [("30/06/2025", True, 9), ("2025-06-30", True, 9), ("01/07/2025", False, 3), ("2026-03-01", False, 3)],
)
def test_the_directory_before_and_after_1_july_2025(client, on, town, wards):
    response = client.get(reverse("public:directory"), {"on": on})
    assert response.status_code == 200

    def walk(nodes):
        for node in nodes:
            yield node.unit
            yield from walk(node.children)

    units = list(walk(response.context["roots"]))
    commune_level = [u for u in units if u.kind in (UnitKind.WARD, UnitKind.COMMUNE)]
    la_gi = [u for u in commune_level if u.code.startswith(("LG-", "LD-"))]
    assert len(la_gi) == wards
    assert any(u.code == "BT-LAGI" for u in units) is town
    assert all(u.is_current(response.context["on"]) for u in units)

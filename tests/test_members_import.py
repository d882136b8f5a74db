"""The import of a member register sheet: a valid sheet is saved, each kind of bad row is reported with
its row and column and nothing is saved, the mapping screen, and 5,000 rows in a bounded number of
queries."""

from __future__ import annotations

import math

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from members.member_sheet import proposed_mapping, read_headers
from members.models import Member, MemberImport, Membership
from members.services import import_member_sheet, upload_member_sheet
from members.services.imports import BATCH
from members.views_import import SAMPLE_SHEET
from organizations.models import Organization, OrganizationKind
from tests.members_common import HEADERS, D, add_members, made_up_ward, row, sheet_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """The services' messages in English, the source language these tests read."""
    with translation.override("en"):
        yield


@pytest.fixture
def ward():
    return made_up_ward()


def run(ward, rows, *, headers=None, organization=None):
    content = sheet_bytes(rows, headers)
    member_import = upload_member_sheet(
        actor=ward.writer, organization=organization or ward.women, content=content, file_name="hoi-vien.xlsx"
    )
    header_row, cells = read_headers(content)
    return import_member_sheet(
        actor=ward.writer, member_import=member_import, header_row=header_row, mapping=proposed_mapping(cells)
    )


def errors(result) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in result.errors]


def test_a_valid_sheet_is_saved_in_its_branches(ward):
    result = run(
        ward,
        [
            row("Lê Thị Một", 1985, card="PN-1", phone="0912 345 678"),
            row("Lê Thị Hai", 1990, branch="Chi hội Phụ nữ khu phố Hai", joined="2020-01-15"),
            row("Lê Thị Ba", 1970, branch="", area="Khu phố Hai", left="01/06/2024", reason="Chuyển đi"),
        ],
    )
    assert result.saved, result.errors
    assert (result.member_import.rows, result.member_import.members_created) == (3, 3)
    assert result.member_import.content in (b"", memoryview(b""))
    one = Membership.objects.get(member__full_name="Lê Thị Một")
    assert (one.organization, one.card_number, one.member.phone, one.member.residential_area) == (
        ward.branch1,
        "PN-1",
        "0912345678",
        ward.area1,
    )
    assert Membership.objects.get(member__full_name="Lê Thị Hai").joined_on == D(2020, 1, 15)
    three = Membership.objects.get(member__full_name="Lê Thị Ba")
    assert (three.organization, three.left_on, three.leave_reason) == (ward.women, D(2024, 6, 1), "moved")
    assert three.member_import == result.member_import


def test_each_kind_of_bad_row_is_reported_with_its_row_and_column_and_nothing_is_saved(ward):
    add_members(ward.branch1, ward.area1, 1, prefix="Đã Là", birth_year=1980)
    Membership.objects.filter(member__full_name="Đã Là 0").update(card_number="PN-TAKEN")
    next_year = timezone.localdate().year + 1
    result = run(
        ward,
        [
            row("Đúng", 1980),  # row 2: right
            row("Sai Chi Hội", 1980, branch="Chi hội Không Có"),  # row 3
            row("Tương Lai", 1980, joined=f"01/01/{next_year}"),  # row 4
            row("Ra Trước", 1980, joined="01/01/2022", left="01/01/2021", reason="Xin ra"),  # row 5
            row("Thẻ Trùng", 1980, card="PN-TAKEN"),  # row 6: a card of the register
            row("Thẻ Một", 1981, card="PN-X"),  # row 7
            row("Thẻ Hai", 1982, card="PN-X"),  # row 8: the same card twice in the sheet
            row("Đã Là 0", 1980),  # row 9: already a member
            row("", 1980),  # row 10: no name
            row("Đúng", 1980),  # row 11: the same person as row 2
        ],
    )
    assert not result.saved
    assert set(errors(result)) == {
        (3, "G", "Unknown branch Chi hội Không Có."),
        (4, "I", f"The date 01/01/{next_year} is in the future."),
        (5, "J", "A member cannot leave before joining."),
        (6, "H", "Another member has this card number."),
        (8, "H", "The card number is on row 7 already."),
        (9, "A", "This person is already a member of this organization."),
        (10, "A", "The name is missing."),
        (11, "A", "The same person is on row 2 already."),
    }
    assert all(error.header for error in result.errors)
    assert not Member.objects.filter(full_name__in=["Đúng", "Thẻ Một"]).exists()
    assert not Membership.objects.filter(member_import__isnull=False).exists()


def test_a_half_bad_sheet_saves_nothing(ward):
    rows = [row(f"Người {n}", 1980) for n in range(20)] + [row("Sai", "năm ấy")]
    result = run(ward, rows)
    assert errors(result) == [(22, "B", "Enter a year between 1900 and this year.")]
    assert Member.objects.filter(full_name__startswith="Người").count() == 0


def test_a_person_of_the_register_joins_another_organization_without_a_second_record(ward):
    add_members(ward.branch1, ward.area1, 1, prefix="Chị", birth_year=1980)
    result = run(ward, [row("Chị 0", 1980, branch="", area="Khu phố Một")], organization=ward.red_cross)
    assert result.saved, result.errors
    assert result.member_import.members_created == 0
    assert Member.objects.get(full_name="Chị 0").memberships.count() == 2


@pytest.mark.usefixtures("english")
def test_a_sheet_with_other_headers_is_mapped_by_hand_on_the_mapping_screen(ward, client):
    headers = ["STT", "Tên", "Sinh năm", "Ngày kết nạp", "Chi hội"]
    content = sheet_bytes([[1, "Võ Thị Bảy", 1979, "03/02/2023", "Khu phố Hai"]], headers)
    client.force_login(ward.writer)
    upload = client.post(
        reverse("members:sheet_upload"),
        {"organization": ward.women.pk, "sheet": _file(content)},
    )
    member_import = MemberImport.objects.get(created_by=ward.writer)
    assert upload.status_code == 302 and upload["Location"] == reverse(
        "members:sheet_map", args=[member_import.pk]
    )
    page = client.get(upload["Location"])
    assert page.status_code == 200
    # "Chi hội" is known; the name and the date of joining are not: they must be chosen.
    posted = client.post(upload["Location"], {"branch": "4"})
    assert "This field is required." in posted.content.decode()
    mapping = {"full_name": "1", "birth_year": "2", "joined_on": "3", "branch": "4"}
    done = client.post(upload["Location"], mapping)
    assert done.status_code == 302, done.content.decode()[:2000]
    membership = Membership.objects.get(member__full_name="Võ Thị Bảy")
    assert (membership.organization, membership.joined_on) == (ward.branch2, D(2023, 2, 3))
    # Once imported, the import is closed (and its file emptied).
    assert client.get(upload["Location"]).status_code == 404


@pytest.mark.usefixtures("english")
def test_the_mapping_screen_lists_the_mistakes_of_the_sheet(ward, client):
    content = sheet_bytes([row("Sai", 1980, branch="Không Có")])
    client.force_login(ward.writer)
    upload = client.post(
        reverse("members:sheet_upload"), {"organization": ward.women.pk, "sheet": _file(content)}
    )
    page = client.post(upload["Location"], {key: str(i) for i, key in enumerate(proposed_mapping(HEADERS))})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="sheet-errors"' in html
    assert "Unknown branch Không Có." in html


def test_only_the_uploader_opens_an_import(ward, client):
    member_import = upload_member_sheet(
        actor=ward.writer, organization=ward.women, content=sheet_bytes([row()]), file_name="x.xlsx"
    )
    colleague = made_up_ward("Xã Khác").writer
    client.force_login(colleague)
    assert client.get(reverse("members:sheet_map", args=[member_import.pk])).status_code == 404


def test_the_example_sheet_in_the_repository_imports_into_the_demo_register(demo_user):
    women = Organization.objects.get(
        unit__code="LD-PPHUOCHOI", kind=OrganizationKind.WOMENS_UNION, parent=None
    )
    actor = demo_user("cadre_ward")
    content = SAMPLE_SHEET.read_bytes()
    member_import = upload_member_sheet(
        actor=actor, organization=women, content=content, file_name=SAMPLE_SHEET.name
    )
    header_row, cells = read_headers(content)
    assert set(proposed_mapping(cells)) == set(proposed_mapping(HEADERS))
    result = import_member_sheet(
        actor=actor, member_import=member_import, header_row=header_row, mapping=proposed_mapping(cells)
    )
    assert result.saved, result.errors
    assert result.member_import.rows == 2


def _batches(model, count: int) -> int:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    size = min(BATCH, connection.ops.bulk_batch_size(fields, [model()] * count) or count)
    return math.ceil(count / size)


def _import_queries(ward, count: int, prefix: str) -> int:
    rows = [
        row(
            f"{prefix} {n}",
            1950 + n % 50,
            card=f"{prefix}-{n:05d}",
            branch=("Khu phố Một", "Khu phố Hai")[n % 2],
        )
        for n in range(count)
    ]
    content = sheet_bytes(rows)
    member_import = upload_member_sheet(
        actor=ward.writer, organization=ward.women, content=content, file_name="big.xlsx"
    )
    header_row, cells = read_headers(content)
    with CaptureQueriesContext(connection) as queries:
        result = import_member_sheet(
            actor=ward.writer,
            member_import=member_import,
            header_row=header_row,
            mapping=proposed_mapping(cells),
        )
    assert result.saved, result.errors[:3]
    assert Membership.objects.filter(member_import=member_import).count() == count
    return len(queries) - _batches(Member, count) - _batches(Membership, count)


def test_5000_rows_import_in_a_bounded_number_of_queries(ward):
    """The reads of the check (the scope, branches, areas, cards, the members already there) and the
    import record cost the same whatever the size; the inserts are batched (500 rows a query on
    PostgreSQL, as many as SQLite's parameters allow there)."""
    ContentType.objects.get_for_model(MemberImport)  # the audit log's look-up, cached for the process
    add_members(ward.branch1, ward.area1, 1, prefix="Đã có")  # the members already there are read
    small = _import_queries(ward, 10, "Nhỏ")
    large = _import_queries(ward, 5000, "Lớn")
    assert large == small <= 20
    assert large + _batches(Member, 5000) + _batches(Membership, 5000) <= 150


def _file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "hoi-vien.xlsx",
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_a_new_upload_deletes_the_uploader_s_sheet_never_imported(ward):
    first = upload_member_sheet(actor=ward.writer, organization=ward.women, content=b"x", file_name="a.xlsx")
    second = upload_member_sheet(actor=ward.writer, organization=ward.women, content=b"y", file_name="b.xlsx")
    assert list(MemberImport.objects.filter(created_by=ward.writer)) == [second]
    assert not MemberImport.objects.filter(pk=first.pk).exists()

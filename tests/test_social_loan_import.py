"""The import of the bank's sheet of loan figures: a valid sheet is saved, every bad row is reported
with its row and column and nothing is saved, and 10,000 rows cost a bounded number of queries."""

from __future__ import annotations

import datetime
import math
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from social.models import LoanImport, LoanSnapshot, LoanSnapshotLine, SavingsGroup, SnapshotSource
from social.services import import_loan_sheet
from tests.social_common import make_groups, sheet_bytes, upload

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR) / "social" / "samples" / "vbsp-loan-figures-example.xlsx"
ON = datetime.date(2026, 3, 31)
PROGRAMMES = (
    "Hộ nghèo",
    "Hộ cận nghèo",
    "Hộ mới thoát nghèo",
    "Học sinh sinh viên",
    "Giải quyết việc làm",
    "Nước sạch và vệ sinh môi trường nông thôn",
    "Sản xuất kinh doanh vùng khó khăn",
    "Nhà ở xã hội",
)


@pytest.fixture(autouse=True)
def english_messages():
    """The services' messages in English, the source language these tests read."""
    with translation.override("en"):
        yield


def run_import(user, content: bytes, name: str = "du-no.xlsx"):
    return import_loan_sheet(actor=user, upload=upload(content, name), file_name=name)


def test_the_example_sheet_in_the_repository_imports_into_the_demo_groups(demo_user):
    result = import_loan_sheet(actor=demo_user("cadre_area"), upload=SAMPLE.open("rb"), file_name=SAMPLE.name)

    assert result.saved, result.errors
    done = result.loan_import
    assert (done.rows, done.snapshots_created + done.snapshots_replaced) == (9, 4)
    snapshot = LoanSnapshot.objects.get(group__code="TK-LD-PLAGI-KP01-PN", date=ON)
    assert (snapshot.outstanding_vnd, snapshot.overdue_vnd, snapshot.frozen_vnd, snapshot.borrowers) == (
        412_000_000 + 268_000_000 + 96_000_000,
        6_000_000,
        0,
        29,
    )
    assert snapshot.source == SnapshotSource.IMPORT and snapshot.loan_import == done
    assert sorted(snapshot.lines.values_list("programme", flat=True)) == ["near_poor", "poor", "water"]
    assert str(snapshot.overdue_ratio) == "0.77"
    assert done.created_by == demo_user("cadre_area")


def test_a_sheet_with_headers_in_english_and_amounts_typed_as_text_imports(demo_user):
    groups = make_groups(1)
    content = sheet_bytes(
        [(groups[0].code, "31/03/2026", "poor", "1.500.000", "0", "", "3")],
        headers=("Group code", "Date", "Programme", "Outstanding", "Overdue", "Frozen", "Borrowers"),
        title=False,
    )
    result = run_import(demo_user("admin"), content)
    assert result.saved, result.errors
    assert LoanSnapshot.objects.get(group=groups[0]).outstanding_vnd == 1_500_000


def test_each_kind_of_bad_row_is_reported_with_its_row_and_column_and_nothing_is_saved(demo_user):
    group = make_groups(1)[0]
    future = timezone.localdate() + datetime.timedelta(days=3)
    rows = [
        (group.code, ON, "Hộ nghèo", 100_000_000, 0, 0, 4),  # row 3: good
        ("KHONG-CO-TO-NAY", ON, "Hộ nghèo", 100_000_000, 0, 0, 4),  # 4: unknown group
        (group.code, ON, "Hộ cận nghèo", -5_000_000, 0, 0, 1),  # 5: negative amount
        (group.code, ON, "Học sinh sinh viên", 10_000_000, 12_000_000, 0, 1),  # 6: overdue above balance
        (group.code, future, "Giải quyết việc làm", 10_000_000, 0, 0, 1),  # 7: date in the future
        (group.code, ON, "Cho vay mua ô tô", 10_000_000, 0, 0, 1),  # 8: unknown programme
        (group.code, ON, "Hộ nghèo", 100_000_000, 0, 0, 4),  # 9: row 3 again
        (group.code, ON, "Nhà ở xã hội", 10_000_000, 0, 0, "mười"),  # 10: not a number
        (group.code, "32/13/2026", "Nhà ở xã hội", 10_000_000, 0, 0, 1),  # 11: not a date
        (group.code, ON, "Hộ mới thoát nghèo", 10_000_000, 0, 11_000_000, 1),  # 12: frozen above balance
    ]
    before = (LoanSnapshot.objects.count(), LoanSnapshotLine.objects.count(), LoanImport.objects.count())

    result = run_import(demo_user("admin"), sheet_bytes(rows))

    assert not result.saved
    found = {(error.row, error.column) for error in result.errors}
    assert found == {
        (4, "A"),
        (5, "D"),
        (6, "E"),
        (7, "B"),
        (8, "C"),
        (9, "C"),
        (10, "G"),
        (11, "B"),
        (12, "F"),
    }
    by_row = {error.row: error for error in result.errors}
    assert "KHONG-CO-TO-NAY" in by_row[4].message
    assert by_row[5].header == "Dư nợ" and "negative" in by_row[5].message
    assert "above the outstanding balance" in by_row[6].message
    assert "future" in by_row[7].message
    assert "row 3" in by_row[9].message
    assert (
        LoanSnapshot.objects.count(),
        LoanSnapshotLine.objects.count(),
        LoanImport.objects.count(),
    ) == before


def test_a_half_bad_sheet_saves_nothing(demo_user):
    groups = make_groups(40)
    rows = [(group.code, ON, "Hộ nghèo", 50_000_000, 0, 0, 2) for group in groups]
    rows += [(group.code, ON, "Hộ cận nghèo", 50_000_000, 60_000_000, 0, 2) for group in groups[:20]]
    result = run_import(demo_user("admin"), sheet_bytes(rows))
    assert not result.saved and len(result.errors) == 20
    assert not LoanSnapshot.objects.filter(group__in=groups).exists()
    assert not LoanImport.objects.exists()


def test_a_group_outside_the_cadre_s_scope_is_an_unknown_group(demo_user):
    """The ward cadre of Phước Hội may not load La Gi's or Tân Hải's groups: the sample is refused."""
    result = import_loan_sheet(actor=demo_user("cadre_ward"), upload=SAMPLE.open("rb"), file_name=SAMPLE.name)
    assert not result.saved
    unknown = {error.row for error in result.errors if error.column == "A"}
    assert unknown == {3, 4, 5, 6, 7, 10, 11}  # every row but the two of Phước Hội's group


def test_a_sheet_imported_again_replaces_the_figures_of_the_same_dates(demo_user):
    group = make_groups(1)[0]
    admin = demo_user("admin")
    assert run_import(admin, sheet_bytes([(group.code, ON, "Hộ nghèo", 90_000_000, 0, 0, 3)])).saved
    again = run_import(admin, sheet_bytes([(group.code, ON, "Hộ cận nghèo", 70_000_000, 7_000_000, 0, 2)]))
    assert again.saved and again.loan_import.snapshots_replaced == 1
    snapshot = LoanSnapshot.objects.get(group=group, date=ON)
    assert (snapshot.outstanding_vnd, snapshot.overdue_vnd) == (70_000_000, 7_000_000)
    assert list(snapshot.lines.values_list("programme", flat=True)) == ["near_poor"]


def test_figures_before_the_reorganization_are_kept_with_the_old_area(demo_user):
    group = SavingsGroup.objects.get(code="TK-LD-PPHUOCHOI-KP01-PN")
    rows = [(group.code, datetime.date(2019, 12, 31), "Hộ nghèo", 10_000_000, 0, 0, 1)]
    assert run_import(demo_user("cadre_ward"), sheet_bytes(rows)).saved
    assert LoanSnapshot.objects.get(group=group, date=datetime.date(2019, 12, 31)).unit.code == "LG-PH-KP01"
    assert LoanSnapshot.objects.get(group=group, date=ON).unit.code == "LD-PPHUOCHOI-KP01"


def test_a_file_that_is_not_a_workbook_is_refused(demo_user):
    result = run_import(demo_user("admin"), b"not a workbook")
    assert not result.saved and "not an Excel workbook" in result.errors[0].message


def _batches(model, count: int) -> int:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    objects = [model()] * count
    return math.ceil(count / max(1, connection.ops.bulk_batch_size(fields, objects) or count))


def _import_queries(user, groups, programmes) -> tuple[int, int]:
    rows = [(group.code, ON, name, 100_000_000, 1_000_000, 0, 3) for group in groups for name in programmes]
    content = sheet_bytes(rows)
    with CaptureQueriesContext(connection) as queries:
        result = run_import(user, content)
    assert result.saved, result.errors[:3]
    batches = _batches(LoanSnapshot, len(groups)) + _batches(LoanSnapshotLine, len(rows))
    return len(queries.captured_queries), batches


def test_a_10000_row_sheet_imports_in_a_bounded_number_of_queries(demo_user, django_assert_num_queries):
    """Reading the groups, the units and the snapshots already there, the import record and its
    audit entry cost the same whatever the size; the inserts are batched (one query on PostgreSQL,
    a batch of as many rows as SQLite's 999 parameters allow there)."""
    admin = demo_user("admin")
    ContentType.objects.get_for_model(LoanImport)  # the audit log's look-up, cached for the process
    small, small_batches = _import_queries(admin, make_groups(25, prefix="S"), PROGRAMMES[:2])
    large_groups = make_groups(1250, prefix="L")
    rows = [
        (group.code, ON, name, 100_000_000, 1_000_000, 0, 3) for group in large_groups for name in PROGRAMMES
    ]
    assert len(rows) == 10_000
    content = sheet_bytes(rows)
    expected = small - small_batches + _batches(LoanSnapshot, 1250) + _batches(LoanSnapshotLine, 10_000)
    with django_assert_num_queries(expected):
        result = run_import(admin, content)
    assert result.saved and result.loan_import.snapshots_created == 1250
    assert LoanSnapshotLine.objects.filter(snapshot__loan_import=result.loan_import).count() == 10_000
    assert small - small_batches == FIXED_QUERIES
    assert expected <= 100


# The groups the cadre may change, the snapshots already there on the sheet's dates, the units merged
# into others; the savepoint and its release; the import record and its audit entry, then its totals
# (read again by the audit log, an entry, the update). The inserts come on top, in batches.
FIXED_QUERIES = 10


def test_the_import_page_reports_the_mistakes_and_imports_a_good_sheet(login_as):
    client = login_as("cadre_area")
    url = reverse("social:sheet_import")
    bad = sheet_bytes([("KHONG-CO", ON, "Hộ nghèo", 1, 0, 0, 1)])
    response = client.post(url, {"sheet": upload(bad)})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="sheet-errors"' in html and "KHONG-CO" in html and "<td>3</td>" in html

    with SAMPLE.open("rb") as sample:
        response = client.post(url, {"sheet": upload(sample.read(), SAMPLE.name)})
    assert response.status_code == 302 and response["Location"] == reverse("social:group_list")
    assert client.get(reverse("social:sheet_sample")).status_code == 200

"""Permission-matrix rows for the reports app (see tests/matrix.py).

The report page answers every cadre, on their own scope when nothing is chosen, and anonymous
visitors are sent to the login. Its cases in tests/matrix_records.py open it on a unit and an
organization of another scope: another ward's report is a 404 for the ward cadre (its existence is
not revealed), a ward's organization a 404 for the Women's Union cadre and the board member.
"""

from __future__ import annotations

from organizations.models import AdministrativeUnit, Organization
from tests.matrix import CADRE, PH_READ, ROLES, Row, statuses


def la_gi_unit_query() -> str:
    """The new Phường La Gi: outside the ward cadre's scope (Phước Hội)."""
    return f"?unit={AdministrativeUnit.objects.get(code='LD-PLAGI').pk}&kind=quarter&year=2026&number=1"


def phuoc_hoi_farmers_query() -> str:
    """The Farmers' Association of Phường Phước Hội: outside the Women's Union cadre's scope."""
    organization = Organization.objects.get(name="Hội Nông dân phường Phước Hội", unit__code="LD-PPHUOCHOI")
    return f"?organization={organization.pk}&view=was"


def phuoc_hoi_unit_query() -> str:
    """Phường Phước Hội: the ward cadre's own; outside the Women's Union cadre's scope."""
    return f"?unit={AdministrativeUnit.objects.get(code='LD-PPHUOCHOI').pk}&kind=quarter&year=2026&number=1"


ROWS: dict[str, Row] = {
    "reports:report": Row(CADRE),
    # The answers by authority of a unit's report: of Phường Phước Hội, for whoever sees it.
    "reports:authorities": Row(PH_READ, query=phuoc_hoi_unit_query),
}

CASES: dict[str, tuple[str, Row]] = {
    "another ward's report": (
        "reports:report",
        Row(statuses(cadre_ward=404, cadre_women=404), query=la_gi_unit_query),
    ),
    "another scope's organization report": (
        "reports:report",
        Row(statuses(cadre_women=404), query=phuoc_hoi_farmers_query),
    ),
    "a report as a spreadsheet": (
        "reports:report",
        Row(CADRE, query="?format=xlsx&kind=month&year=2026&number=3"),
    ),
    "the answers by authority of another ward's report": (
        "reports:authorities",
        Row(statuses(cadre_ward=404, cadre_women=404), query=la_gi_unit_query),
    ),
    "the answers by authority without a unit: the report page says what to choose": (
        "reports:authorities",
        Row(dict.fromkeys(ROLES, 302)),  # and anonymous visitors to the login
    ),
    "a report as CSV, of another ward": (
        "reports:report",
        Row(statuses(cadre_ward=404, cadre_women=404), query=lambda: la_gi_unit_query() + "&format=csv"),
    ),
}


# --- reports sent up (reports/views_submissions.py) ----------------------------------------------
# On the demo's reports (demo/reports.py): Phường Phước Hội's draft of the last ended month, and its
# report of the month before, returned and sent again as version 2. A draft is read only at its own
# level: the level above (cadre_area, cadre_viewer) gets a 404, as for another scope's report. A sent
# report is read by the level above and returned by its writers (a read-only cadre, and the sender
# itself, get a 403); a new version is the sender's (a 403 for the level above). A step that works
# redirects to the report's page.


def _phuoc_hoi_report(status: str) -> dict:
    from reports.models import ReportSubmission

    reports = ReportSubmission.objects.filter(unit__code="LD-PPHUOCHOI", status=status, is_demo=True)
    return {"pk": reports.order_by("-period_end", "-version").first().pk}


def phuoc_hoi_draft() -> dict:
    return _phuoc_hoi_report("draft")


def phuoc_hoi_sent() -> dict:
    return _phuoc_hoi_report("submitted")


def _demo_report(**filters) -> dict:
    from reports.models import ReportSubmission

    return {"pk": ReportSubmission.objects.filter(is_demo=True, **filters).order_by("-period_end").first().pk}


OWN_DRAFT = statuses(cadre_area=404, cadre_viewer=404, cadre_women=404)
OWN_DRAFT_STEP = statuses(cadre_ward=302, admin=302, cadre_area=404, cadre_viewer=404, cadre_women=404)
SENT = statuses(cadre_women=404)

ROWS.update(
    {
        "reports:submission_list": Row(CADRE),
        "reports:submission_start": Row(CADRE),
        "reports:submission_overview": Row(CADRE),
        "reports:submission_detail": Row(OWN_DRAFT, phuoc_hoi_draft),
        "reports:submission_narrative": Row(
            OWN_DRAFT_STEP,
            phuoc_hoi_draft,
            method="post",
            data={"narrative-results": "Kết quả", "narrative-shortcomings": "", "narrative-proposals": ""},
        ),
        "reports:submission_refresh": Row(OWN_DRAFT_STEP, phuoc_hoi_draft, method="post"),
        "reports:submission_sign_off": Row(
            OWN_DRAFT_STEP,
            phuoc_hoi_draft,
            method="post",
            data={
                "sign_off-number": "9/BC-MTTQ",
                "sign_off-signer_name": "Hoàng Thu Dung",
                "sign_off-signer_title": "Phó Chủ tịch",
            },
        ),
        # Phường La Gi's report, signed off and not sent: only whoever sees everything may send it here.
        "reports:submission_submit": Row(
            statuses(cadre_ward=404, cadre_area=404, cadre_viewer=404, cadre_women=404, admin=302),
            lambda: _demo_report(unit__code="LD-PLAGI", status="signed_off"),
            method="post",
        ),
        "reports:submission_return": Row(
            statuses(cadre_area=302, admin=302, cadre_ward=403, cadre_viewer=403, cadre_women=404),
            phuoc_hoi_sent,
            method="post",
            data={"return-comment": "Đề nghị bổ sung số liệu."},
        ),
        "reports:submission_new_version": Row(
            statuses(cadre_ward=302, admin=302, cadre_area=403, cadre_viewer=403, cadre_women=404),
            phuoc_hoi_sent,
            method="post",
            data={"new_version-reason": "Sửa số liệu."},
        ),
    }
)

CASES.update(
    {
        "a report sent up, read by the level above": ("reports:submission_detail", Row(SENT, phuoc_hoi_sent)),
        "another ward's report, signed off and not sent": (
            "reports:submission_detail",
            Row(
                statuses(cadre_ward=404, cadre_area=404, cadre_viewer=404, cadre_women=404),
                lambda: _demo_report(unit__code="LD-PLAGI", status="signed_off"),
            ),
        ),
        "an association's draft, hidden from its ward and the province": (
            "reports:submission_detail",
            Row(
                statuses(cadre_ward=404, cadre_area=404, cadre_viewer=404, board_member=404),
                lambda: _demo_report(organization__kind="womens_union", status="draft"),
            ),
        ),
        "an association's report sent to its ward": (
            "reports:submission_detail",
            Row(
                statuses(cadre_ward=404, board_member=404),
                lambda: _demo_report(organization__kind="womens_union", status="submitted"),
            ),
        ),
        "a draft not signed off is not sent: the page says why": (
            "reports:submission_submit",
            Row(OWN_DRAFT, phuoc_hoi_draft, method="post"),
        ),
        "a draft is not returned: the level above does not see it": (
            "reports:submission_return",
            Row(
                statuses(cadre_area=404, cadre_viewer=404, cadre_women=404, cadre_ward=403, admin=403),
                phuoc_hoi_draft,
                method="post",
                data={"return-comment": "Sửa"},
            ),
        ),
    }
)

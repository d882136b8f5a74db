"""Validation of the oversight records: each rule gives a translated error on its field and
nothing is saved."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from organizations.models import Position
from oversight import services
from oversight.forms_projects import ProjectForm
from oversight.models import (
    BoardMember,
    Inspection,
    InspectionReport,
    MonitoringBoard,
    MonitoringFinding,
    MonitoringSession,
    Project,
    Supervision,
)
from tests.factories import (
    InspectionBoardFactory,
    MonitoringBoardOrganizationFactory,
    PersonFactory,
    PositionFactory,
    ProjectFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

END_BEFORE_START = "The end date cannot be before the start date."
NEGATIVE_MONEY = "An amount of money cannot be negative."


def errors_of(call) -> dict[str, list[str]]:
    """The field errors ``call`` raises, as English text (the messages are lazy: read them in English)."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            call()
        return {
            field: [str(message) for message in messages]
            for field, messages in error.value.message_dict.items()
        }


def _project(ward, **changes) -> Project:
    values = {
        "name": "Đường nội bộ",
        "investor": "UBND phường",
        "funding_source": "state_budget",
        "total_investment_vnd": 1_000_000,
        "unit": ward,
        "planned_start": datetime.date(2026, 1, 1),
        "planned_end": datetime.date(2026, 6, 30),
        "stage": "construction",
        "progress": 10,
    }
    values.update(changes)
    return Project(**values)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"planned_end": datetime.date(2025, 12, 31)}, "planned_end", END_BEFORE_START),
        (
            {"actual_start": datetime.date(2026, 3, 1), "actual_end": datetime.date(2026, 2, 1)},
            "actual_end",
            END_BEFORE_START,
        ),
        ({"progress": 101}, "progress", "Progress is a percentage between 0 and 100."),
        ({"progress": -1}, "progress", "Progress is a percentage between 0 and 100."),
        ({"total_investment_vnd": -1}, "total_investment_vnd", NEGATIVE_MONEY),
        ({"stage": "completed", "progress": 90}, "progress", "A completed project is at 100 %."),
    ],
)
def test_project_rules(made_up_ward, writer, changes, field, message):
    errors = errors_of(lambda: services.save_project(actor=writer, project=_project(made_up_ward, **changes)))

    assert message in errors[field]
    assert not Project.objects.filter(unit=made_up_ward).exists()


def test_a_valid_project_is_saved(made_up_ward, writer):
    project = services.save_project(actor=writer, project=_project(made_up_ward, progress=0))

    assert Project.objects.get(pk=project.pk).created_by == writer


def test_the_board_of_a_project_must_be_a_monitoring_board_of_its_ward(made_up_ward, writer):
    other_board = MonitoringBoardOrganizationFactory()
    inspection_board = InspectionBoardFactory(unit=made_up_ward)

    assert "board" in errors_of(
        lambda: services.save_project(actor=writer, project=_project(made_up_ward, board=other_board))
    )
    assert "board" in errors_of(
        lambda: services.save_project(actor=writer, project=_project(made_up_ward, board=inspection_board))
    )


def test_the_project_form_shows_the_error_next_to_the_field(made_up_ward, writer):
    data = {
        "name": "Đường",
        "investor": "UBND",
        "funding_source": "state_budget",
        "total_investment_vnd": "-5",
        "unit": made_up_ward.pk,
        "planned_start": "2026-01-01",
        "planned_end": "2026-06-30",
        "stage": "construction",
        "progress": "150",
    }
    with translation.override("en"):
        form = ProjectForm(data, user=writer)
        assert not form.is_valid()
        assert "Progress is a percentage between 0 and 100." in form.errors["progress"]
        assert NEGATIVE_MONEY in form.errors["total_investment_vnd"]
        assert 'id="id_progress"' in str(form["progress"])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end": datetime.date(2026, 1, 1)}, "end", END_BEFORE_START),
        ({"violations_found": -1}, "violations_found", "A count cannot be negative."),
        ({"money_recovered_vnd": -100}, "money_recovered_vnd", NEGATIVE_MONEY),
        ({"land_recovered_m2": Decimal("-0.5")}, "land_recovered_m2", "An area of land cannot be negative."),
        ({"trigger": "concern"}, "concern", "Give the tracking code of the concern."),
        ({"trigger": "plan"}, "plan", "Choose the work plan this inspection belongs to."),
        ({"petition_reference": ""}, "petition_reference", "Give the petition's number or reference."),
    ],
)
def test_inspection_rules(made_up_ward, writer, changes, field, message):
    values = {
        "board": InspectionBoardFactory(unit=made_up_ward),
        "trigger": "petition",
        "petition_reference": "Đơn số 3/2026",
        "subject": "Kiểm tra việc công khai",
        "start": datetime.date(2026, 2, 1),
    }
    values.update(changes)

    errors = errors_of(lambda: services.save_inspection(actor=writer, inspection=Inspection(**values)))

    assert message in errors[field]
    assert not Inspection.objects.filter(board__unit=made_up_ward).exists()


def test_supervision_end_before_start(made_up_ward, writer):
    from tests.factories import OrganizationFactory

    front = OrganizationFactory(kind="front_committee", unit=made_up_ward)
    supervision = Supervision(
        organization=front,
        subject="Giám sát",
        content="Nội dung",
        form="team",
        start=datetime.date(2026, 3, 1),
        end=datetime.date(2026, 2, 1),
    )

    assert (
        END_BEFORE_START
        in errors_of(lambda: services.save_supervision(actor=writer, supervision=supervision))["end"]
    )


def test_a_supervision_through_a_board_names_the_board(made_up_ward, writer):
    from tests.factories import OrganizationFactory

    supervision = Supervision(
        organization=OrganizationFactory(kind="front_committee", unit=made_up_ward),
        subject="Giám sát",
        content="Nội dung",
        form="through_board",
        start=datetime.date(2026, 3, 1),
    )

    assert "board" in errors_of(lambda: services.save_supervision(actor=writer, supervision=supervision))


def test_report_figures_cannot_be_negative(made_up_ward, writer):
    report = InspectionReport(
        board=InspectionBoardFactory(unit=made_up_ward),
        period="quarter",
        year=2026,
        number=5,
        text="Báo cáo",
        violations_found=-2,
        money_recovered_vnd=-1,
    )

    errors = errors_of(lambda: services.save_report(actor=writer, report=report))

    assert "A count cannot be negative." in errors["violations_found"]
    assert NEGATIVE_MONEY in errors["money_recovered_vnd"]
    assert "For this period, enter a number from 1 to 4." in errors["number"]


def test_session_money_cannot_be_negative_and_nothing_is_half_saved(made_up_ward, writer):
    project = ProjectFactory(unit=made_up_ward)
    session = MonitoringSession(
        project=project,
        held_on=datetime.date(2026, 3, 3),
        stage="construction",
        aspects=["quality"],
        savings_vnd=-1,
    )
    finding = MonitoringFinding(aspect="quality", text="Tốt")

    errors = errors_of(lambda: services.record_session(actor=writer, session=session, findings=[finding]))

    assert NEGATIVE_MONEY in errors["savings_vnd"]
    assert not MonitoringSession.objects.filter(project=project).exists()
    assert not MonitoringFinding.objects.filter(text="Tốt").exists()


def test_a_session_with_an_invalid_finding_saves_nothing(made_up_ward, writer):
    project = ProjectFactory(unit=made_up_ward)
    session = MonitoringSession(
        project=project, held_on=datetime.date(2026, 3, 3), stage="construction", aspects=["quality"]
    )

    errors_of(
        lambda: services.record_session(
            actor=writer, session=session, findings=[MonitoringFinding(aspect="noise", text="x")]
        )
    )

    assert not MonitoringSession.objects.filter(project=project).exists()


def test_a_session_checks_at_least_one_known_aspect(made_up_ward, writer):
    project = ProjectFactory(unit=made_up_ward)
    for aspects in ([], ["noise"]):
        session = MonitoringSession(
            project=project, held_on=datetime.date(2026, 3, 3), stage="construction", aspects=aspects
        )
        assert "aspects" in errors_of(lambda s=session: services.record_session(actor=writer, session=s))


# --- a board is constituted with 5 to 7 resident members --------------------------------


def _members(board, count: int, *, front: int = 0) -> None:
    for number in range(count + front):
        position = PositionFactory(
            organization=board, person=PersonFactory(unit=board.unit), start=datetime.date(2025, 10, 1)
        )
        BoardMember.objects.create(position=position, is_front_representative=number >= count)


@pytest.mark.parametrize(
    ("residents", "front", "ok"), [(4, 1, False), (5, 0, True), (5, 1, True), (8, 1, False)]
)
def test_a_board_is_constituted_only_with_5_to_7_resident_members(made_up_ward, writer, residents, front, ok):
    board = MonitoringBoardOrganizationFactory(unit=made_up_ward)
    _members(board, residents, front=front)
    founding = MonitoringBoard(
        organization=board,
        decision_number="12/QĐ-MTTQ",
        decision_date=datetime.date(2025, 9, 20),
        is_constituted=True,
    )

    if ok:
        services.save_monitoring_board(actor=writer, board=founding)
        assert MonitoringBoard.objects.get(organization=board).is_constituted
    else:
        errors = errors_of(lambda: services.save_monitoring_board(actor=writer, board=founding))
        assert "is_constituted" in errors
        assert not MonitoringBoard.objects.filter(organization=board).exists()


def test_the_fewer_than_five_message_is_translated_and_counts_the_residents(made_up_ward, writer):
    board = MonitoringBoardOrganizationFactory(unit=made_up_ward)
    _members(board, 3, front=1)
    founding = MonitoringBoard(
        organization=board,
        decision_number="12/QĐ-MTTQ",
        decision_date=datetime.date(2025, 9, 20),
        is_constituted=True,
    )

    errors = errors_of(lambda: services.save_monitoring_board(actor=writer, board=founding))

    assert errors["is_constituted"] == [
        "A board with fewer than 5 resident members cannot be marked constituted (it has 3)."
    ]


def test_a_board_that_is_not_constituted_needs_no_members(made_up_ward, writer):
    board = MonitoringBoardOrganizationFactory(unit=made_up_ward)

    services.save_monitoring_board(actor=writer, board=MonitoringBoard(organization=board))

    assert not MonitoringBoard.objects.get(organization=board).is_constituted


def test_a_member_s_term_follows_the_term_of_the_area_head(made_up_ward, writer):
    board = InspectionBoardFactory(unit=made_up_ward)
    area = UnitFactory(kind="quarter", parent=made_up_ward)
    committee = InspectionBoardFactory(kind="front_working_committee", unit=area)
    PositionFactory(
        organization=committee, title="head", start=datetime.date(2024, 1, 1), end=datetime.date(2029, 3, 31)
    )
    person = PersonFactory(unit=made_up_ward)

    member = services.save_board_member(
        actor=writer,
        position=Position(organization=board, person=person, title="member", start=datetime.date(2025, 7, 1)),
        member=BoardMember(residential_area=area, decision_number="5/QĐ-UBND"),
    )

    assert member.position.end == datetime.date(2029, 3, 31)
    assert member.residential_area == area


def test_a_member_represents_an_area_of_the_board_s_ward(made_up_ward, writer):
    board = InspectionBoardFactory(unit=made_up_ward)
    elsewhere = UnitFactory(kind="quarter", parent=UnitFactory(kind="ward"))

    errors = errors_of(
        lambda: services.save_board_member(
            actor=writer,
            position=Position(
                organization=board,
                person=PersonFactory(unit=made_up_ward),
                title="member",
                start=datetime.date(2025, 7, 1),
            ),
            member=BoardMember(residential_area=elsewhere),
        )
    )

    assert "residential_area" in errors
    assert not Position.objects.filter(organization=board).exists()

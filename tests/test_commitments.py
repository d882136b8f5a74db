"""Commitments followed to an answer (activities.commitments): adding one at a dialogue, a voter
contact or in the answer to a concern, each status with and without its date and evidence, the
dates, owners that did not exist that day or lie outside the scope, another scope's cadre, overdue
after the deadline and no longer once kept, and the audit log."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.commitments import (
    add_commitment,
    overdue_count,
    overdue_summary,
    public_commitments,
    record_commitment_status,
)
from activities.models import ActivityKind, Commitment, CommitmentStatus
from activities.services import create_activity, update_activity
from organizations.models import AuthorityKind, Organization
from organizations.scoping import OUTSIDE_SCOPE, READ_ONLY
from tests.commitments_common import LA_GI, PHUOC_HOI, authority
from tests.helpers import unit
from tests.test_activities_common import commitment as new_commitment
from tests.test_activities_common import create, errors_of, new_activity, new_details, org

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
ACTIVITY_DAY = TODAY - 60 * DAY
DECIDED = (
    CommitmentStatus.KEPT,
    CommitmentStatus.PARTLY_KEPT,
    CommitmentStatus.NOT_KEPT,
    CommitmentStatus.NO_LONGER_RELEVANT,
)


@pytest.fixture
def ward(demo_user):
    return demo_user("cadre_ward")


@pytest.fixture
def dialogue(ward):
    return create(
        ward, ActivityKind.DIALOGUE, activity=new_activity(ActivityKind.DIALOGUE, date=ACTIVITY_DAY)
    )


@pytest.fixture
def owner():
    return authority()


def add(actor, activity, owner, **overrides):
    values = {
        "actor": actor,
        "unit": activity.unit if activity is not None else unit(PHUOC_HOI),
        "owner": owner,
        "text": "Nạo vét mương thoát nước khu phố 3",
        "deadline": ACTIVITY_DAY + 30 * DAY,
        "activity": activity,
    }
    values.update(overrides)
    return add_commitment(**values)


def message_of(call) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.messages


# Adding ------------------------------------------------------------------------------------------


def test_a_commitment_made_at_a_dialogue_is_pending_in_its_unit_with_its_owner(ward, dialogue, owner):
    commitment = add(ward, dialogue, owner)
    commitment.refresh_from_db()
    assert commitment.activity == dialogue and commitment.unit == dialogue.unit
    assert commitment.owner == owner and commitment.status == CommitmentStatus.PENDING
    assert commitment.status_on is None and commitment.evidence == ""
    entry = LogEntry.objects.get_for_object(commitment).get()
    assert entry.action == LogEntry.Action.CREATE and entry.actor == ward


def test_a_voter_contact_has_commitments_too_and_a_meeting_has_none(ward, owner):
    contact = create(ward, ActivityKind.VOTER_CONTACT)
    assert add(ward, contact, owner, deadline=contact.date + 30 * DAY).activity == contact
    meeting = create(ward, ActivityKind.MEETING)
    assert "activity" in errors_of(lambda: add(ward, meeting, owner, deadline=meeting.date + DAY))


def test_a_commitment_in_the_answer_to_a_concern_has_no_activity(ward, owner):
    commitment = add(ward, None, owner, deadline=TODAY + 20 * DAY)
    assert commitment.activity is None and commitment.unit.code == PHUOC_HOI
    # Made on the day of the answer (today unless given): the deadline is not before it.
    assert "deadline" in errors_of(lambda: add(ward, None, owner, deadline=TODAY - DAY))
    earlier = add(ward, None, owner, deadline=TODAY - DAY, made_on=TODAY - 10 * DAY)
    assert earlier.deadline == TODAY - DAY
    assert "made_on" in errors_of(
        lambda: add(ward, None, owner, deadline=TODAY + 9 * DAY, made_on=TODAY + DAY)
    )


def test_owner_text_and_deadline_are_required(ward, dialogue, owner):
    errors = errors_of(lambda: add(ward, dialogue, None, text="  ", deadline=None))
    assert {"owner", "text", "deadline"} <= set(errors)
    assert not Commitment.objects.filter(activity=dialogue).exists()


def test_the_deadline_is_not_before_the_dialogue(ward, dialogue, owner):
    errors = errors_of(lambda: add(ward, dialogue, owner, deadline=dialogue.date - DAY))
    assert errors["deadline"] == [_("The deadline cannot be before the day the commitment was made.")]
    assert add(ward, dialogue, owner, deadline=dialogue.date).deadline == dialogue.date


def test_the_owner_must_exist_on_the_day_the_commitment_was_made(ward, dialogue):
    # The People's Committee of the old Phước Hội ward ended with it on 30/06/2025.
    ended = authority("LG-PH", name="UBND phường Phước Hội (cũ)", valid_to=datetime.date(2025, 6, 30))
    errors = errors_of(lambda: add(ward, dialogue, ended))
    assert errors["owner"] == [
        _("This authority did not exist on %(date)s.") % {"date": f"{dialogue.date:%d/%m/%Y}"}
    ]


def test_an_authority_of_another_ward_is_outside_the_scope(ward, dialogue):
    other = authority(LA_GI)
    assert errors_of(lambda: add(ward, dialogue, other))["owner"] == [str(OUTSIDE_SCOPE)]


def test_another_scope_cannot_add_a_commitment(demo_user, dialogue, owner):
    women = demo_user("cadre_women")
    assert errors_of(lambda: add(women, dialogue, owner))["activity"] == [str(OUTSIDE_SCOPE)]
    assert errors_of(lambda: add(women, None, owner, deadline=TODAY + DAY))["unit"] == [str(OUTSIDE_SCOPE)]
    assert message_of(lambda: add(demo_user("cadre_viewer"), dialogue, owner)) == [str(READ_ONLY)]
    assert not Commitment.objects.filter(activity=dialogue).exists()


def test_a_commitment_belongs_to_the_unit_of_its_dialogue(ward, dialogue, owner):
    quarter = unit(f"{PHUOC_HOI}-KP01")
    assert "unit" in errors_of(lambda: add(ward, dialogue, owner, unit=quarter))


# Recording a status -------------------------------------------------------------------------------


@pytest.fixture
def pending(ward, dialogue, owner):
    return add(ward, dialogue, owner)


def record(actor, commitment, **overrides):
    values = {
        "actor": actor,
        "commitment": commitment,
        "status": CommitmentStatus.KEPT,
        "status_on": TODAY - DAY,
        "evidence": "Biên bản nghiệm thu số 12/BB-UBND; Ban Công tác Mặt trận kiểm tra thực tế.",
    }
    values.update(overrides)
    return record_commitment_status(**values)


@pytest.mark.parametrize("status", DECIDED)
def test_each_status_is_recorded_with_its_date_and_evidence(ward, pending, status):
    saved = record(ward, pending, status=status)
    saved.refresh_from_db()
    assert (saved.status, saved.status_on) == (status, TODAY - DAY)
    assert saved.evidence.startswith("Biên bản nghiệm thu")


@pytest.mark.parametrize("status", DECIDED)
def test_each_status_needs_evidence_and_a_date(ward, pending, status):
    errors = errors_of(lambda: record(ward, pending, status=status, status_on=None, evidence="   "))
    assert errors == {
        "status_on": [_("Enter the date the status was checked.")],
        "evidence": [_("Describe the evidence for this status.")],
    }
    pending.refresh_from_db()
    assert pending.status == CommitmentStatus.PENDING


def test_the_date_is_neither_in_the_future_nor_before_the_dialogue(ward, pending, dialogue):
    assert errors_of(lambda: record(ward, pending, status_on=TODAY + DAY))["status_on"] == [
        _("The date cannot be in the future.")
    ]
    assert errors_of(lambda: record(ward, pending, status_on=dialogue.date - DAY))["status_on"] == [
        _("The date cannot be before the commitment was made (%(date)s).")
        % {"date": f"{dialogue.date:%d/%m/%Y}"}
    ]
    assert record(ward, pending, status_on=dialogue.date).status_on == dialogue.date
    assert record(ward, pending, status_on=TODAY).status_on == TODAY


def test_an_unknown_status_is_refused(ward, pending):
    assert "status" in errors_of(lambda: record(ward, pending, status="done"))


def test_a_status_may_be_corrected_back_to_pending_and_every_change_is_in_the_audit_log(ward, pending):
    record(ward, pending, status=CommitmentStatus.KEPT)
    record(ward, pending, status=CommitmentStatus.PARTLY_KEPT, evidence="Mới làm xong một đoạn.")
    back = record(ward, pending, status=CommitmentStatus.PENDING, status_on=TODAY, evidence="ignored")
    back.refresh_from_db()
    assert (back.status, back.status_on, back.evidence) == (CommitmentStatus.PENDING, None, "")
    updates = LogEntry.objects.get_for_object(pending).filter(action=LogEntry.Action.UPDATE).order_by("pk")
    assert [entry.actor for entry in updates] == [ward, ward, ward]
    assert [entry.changes_dict["status"][1] for entry in updates] == ["kept", "partly_kept", "pending"]


def test_another_scope_cannot_record_a_status(demo_user, pending):
    women = demo_user("cadre_women")
    assert message_of(lambda: record(women, pending)) == [str(OUTSIDE_SCOPE)]
    assert message_of(lambda: record(demo_user("cadre_viewer"), pending)) == [str(READ_ONLY)]
    pending.refresh_from_db()
    assert pending.status == CommitmentStatus.PENDING
    assert not LogEntry.objects.get_for_object(pending).filter(action=LogEntry.Action.UPDATE).exists()


def test_the_whole_area_cadre_records_a_status_in_phuoc_hoi(demo_user, pending):
    assert record(demo_user("cadre_area"), pending).status == CommitmentStatus.KEPT


# Overdue ----------------------------------------------------------------------------------------


def test_a_pending_commitment_is_overdue_after_its_deadline_and_no_longer_once_kept(ward, dialogue, owner):
    due_today = add(ward, dialogue, owner, deadline=TODAY)
    late = add(ward, dialogue, owner, deadline=TODAY - DAY)
    assert not due_today.is_overdue_on(TODAY) and late.is_overdue_on(TODAY)
    overdue = Commitment.objects.filter(activity=dialogue).overdue(TODAY)
    assert list(overdue) == [late]
    before = overdue_count(ward, today=TODAY)
    total, rows = overdue_summary(ward, today=TODAY, limit=200)
    assert total == before and late in rows and due_today not in rows

    record(ward, late, status=CommitmentStatus.KEPT)
    late.refresh_from_db()
    assert not late.is_overdue_on(TODAY)
    assert overdue_count(ward, today=TODAY) == before - 1
    assert due_today.is_overdue_on(TODAY + DAY)


def test_a_commitment_not_kept_is_decided_not_overdue(ward, dialogue, owner):
    late = add(ward, dialogue, owner, deadline=TODAY - DAY)
    record(ward, late, status=CommitmentStatus.NOT_KEPT, evidence="Chưa bố trí được kinh phí.")
    assert not Commitment.objects.filter(pk=late.pk).overdue(TODAY).exists()


def test_another_scope_does_not_count_these_overdue_commitments(demo_user, ward, dialogue, owner):
    add(ward, dialogue, owner, deadline=TODAY - DAY)
    women = demo_user("cadre_women")
    assert not Commitment.objects.visible_to(women).filter(activity=dialogue).exists()
    assert overdue_count(demo_user("board_member"), today=TODAY) == 0


# Public ------------------------------------------------------------------------------------------


def test_public_commitments_give_each_activity_its_own_list(ward, dialogue, owner):
    first = add(ward, dialogue, owner, deadline=TODAY - DAY)
    empty = create(ward, ActivityKind.DIALOGUE)
    found = public_commitments([dialogue.pk, empty.pk], today=TODAY)
    assert found == {dialogue.pk: [first], empty.pk: []}
    assert found[dialogue.pk][0].is_overdue
    assert public_commitments([]) == {}


# The commitments of the dialogue and voter contact forms (activities.services) ----------------------


def test_a_voter_contact_is_logged_with_its_commitments_in_its_unit(ward, owner):
    activity = new_activity(ActivityKind.VOTER_CONTACT, date=ACTIVITY_DAY)
    saved = create_activity(
        actor=ward,
        activity=activity,
        organizations=[org(PHUOC_HOI)],
        details=new_details(ActivityKind.VOTER_CONTACT),
        commitments=[new_commitment("Trả lời bằng văn bản", owner=owner, deadline=ACTIVITY_DAY + DAY)],
    )
    commitment = saved.commitments.get()
    assert commitment.unit_id == saved.unit_id and commitment.owner == owner


def test_a_new_commitment_of_the_form_needs_an_owner_of_its_day_and_a_deadline(ward):
    ended = authority("LG-PH", name="UBND phường Phước Hội (cũ)", valid_to=datetime.date(2025, 6, 30))
    for broken, field in (
        (new_commitment(owner=None, deadline=ACTIVITY_DAY + DAY), "owner"),
        (new_commitment(owner=ended, deadline=ACTIVITY_DAY + DAY), "owner"),
        (new_commitment(deadline=None), "deadline"),
        (new_commitment(deadline=ACTIVITY_DAY - DAY), "deadline"),
    ):
        activity = new_activity(ActivityKind.DIALOGUE, date=ACTIVITY_DAY)
        errors = errors_of(
            lambda a=activity, c=broken: create(ward, ActivityKind.DIALOGUE, activity=a, commitments=[c])
        )
        assert field in errors, (broken, errors)


def test_moving_a_dialogue_to_another_unit_moves_its_commitments(demo_user, owner):
    area_cadre = demo_user("cadre_area")
    dialogue = create(area_cadre, ActivityKind.DIALOGUE, commitments=[new_commitment(owner=owner)])
    dialogue.unit = unit(LA_GI)
    update_activity(
        actor=area_cadre,
        activity=dialogue,
        organizations=[org(LA_GI)],
        details=dialogue.dialogue_details,
    )
    assert dialogue.commitments.get().unit.code == LA_GI


def test_an_old_commitment_without_owner_stays_when_the_dialogue_is_saved(ward, dialogue, owner):
    """Commitments from before the register have no owner: saving the dialogue unchanged keeps them."""
    old = Commitment.objects.create(activity=dialogue, unit=dialogue.unit, text="Cũ", deadline=None)
    update_activity(
        actor=ward, activity=dialogue, organizations=[org(PHUOC_HOI)], details=dialogue.dialogue_details,
        commitments=[old],
    )  # fmt: skip
    assert Commitment.objects.get(pk=old.pk).owner is None


def test_an_owner_of_the_register_is_found_by_kind(owner):
    assert owner.kind == AuthorityKind.PEOPLES_COMMITTEE and owner.unit.code == PHUOC_HOI


def test_an_organizations_cadre_follows_the_commitments_of_what_it_organized(demo_user):
    """Commitments follow the rule of their activity: the cadre of the organizing union sees them and
    records their status, though the ward is not in the union cadre's scope."""
    women = demo_user("cadre_women")
    union = Organization.objects.editable_by(women).filter(unit__code=LA_GI, parent__isnull=True).first()
    dialogue = create(
        women,
        ActivityKind.DIALOGUE,
        activity=new_activity(ActivityKind.DIALOGUE, LA_GI, date=ACTIVITY_DAY),
        organizations=[union],
    )
    made = add(women, dialogue, authority(LA_GI))

    assert Commitment.objects.visible_to(women).filter(pk=made.pk).exists()
    assert record(women, made).status == CommitmentStatus.KEPT

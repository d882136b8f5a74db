"""Scope checks, audit entries and atomicity of the work log services: what a cadre may log and
change, the audit entries with the actor, nothing saved or half saved on an error, updates of the
organizers and commitments, publication, and the one-call visit."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import (
    Activity,
    ActivityKind,
    Commitment,
    MediationDetails,
    Visibility,
    VisitDetails,
)
from activities.services import NewPhoto, log_visit, update_activity
from organizations.models import OrganizationKind
from tests.helpers import unit

from .factories import ActivityFactory, OrganizationFactory, ScopeFactory, UserFactory
from .test_activities_common import (
    AFTER_MERGER,
    BEFORE_MERGER,
    NEW_LA_GI,
    NEW_PHUOC_HOI,
    OLD_PHUOC_LOC,
    area,
    commitment,
    create,
    errors_of,
    new_activity,
    new_details,
    org,
)

pytestmark = pytest.mark.django_db


def test_an_organization_outside_the_scope_is_rejected(demo_user):
    errors = errors_of(lambda: create(demo_user("cadre_ward"), "other", organizations=[org(NEW_LA_GI)]))
    assert "organizations" in errors


def test_an_organization_that_did_not_exist_on_the_date_is_rejected(demo_user):
    activity = new_activity("other", OLD_PHUOC_LOC, date=BEFORE_MERGER)
    errors = errors_of(
        lambda: create(
            demo_user("cadre_ward"), "other", activity=activity, organizations=[org(NEW_PHUOC_HOI)]
        )
    )
    assert "organizations" in errors


def test_a_unit_outside_the_scope_is_rejected(demo_user):
    activity = new_activity("other", NEW_LA_GI)
    errors = errors_of(lambda: create(demo_user("cadre_ward"), "other", activity=activity))
    assert "unit" in errors


def test_a_read_only_cadre_cannot_log(demo_user):
    with pytest.raises(ValidationError):
        create(demo_user("cadre_viewer"), "other")
    assert not Activity.objects.filter(created_by__username="cadre_viewer").exists()


def test_an_organization_cadre_logs_in_the_units_where_the_organization_works(demo_user):
    actor = demo_user("cadre_women")
    women = org(NEW_LA_GI, OrganizationKind.WOMENS_UNION)
    activity = create(
        actor,
        "meeting",
        activity=new_activity("meeting", NEW_LA_GI),
        details=new_details("meeting", NEW_LA_GI),
        organizations=[women],
    )
    assert activity in Activity.objects.visible_to(actor)
    assert activity in Activity.objects.editable_by(actor)
    # ... but not in the name of the ward's Front committee.
    errors = errors_of(
        lambda: create(
            actor, "other", activity=new_activity("other", NEW_LA_GI), organizations=[org(NEW_LA_GI)]
        )
    )
    assert "organizations" in errors


def test_create_writes_audit_entries_with_the_actor(demo_user):
    actor = demo_user("cadre_ward")
    activity = create(actor, "mediation")
    entry = LogEntry.objects.get_for_object(activity).get(action=LogEntry.Action.CREATE)
    assert entry.actor == actor
    details_entry = LogEntry.objects.get_for_object(activity.mediation_details).get(
        action=LogEntry.Action.CREATE
    )
    assert details_entry.actor == actor


def test_update_writes_an_audit_entry_with_the_actor(demo_user):
    author, editor = demo_user("cadre_ward"), demo_user("cadre_area")
    activity = create(author, "mediation", details=new_details("mediation", outcome="pending", sessions=0))
    activity = Activity.objects.get(pk=activity.pk)
    details = activity.mediation_details
    activity.summary = "Đã hòa giải thành"
    details.outcome, details.sessions = "successful", 2
    update_activity(actor=editor, activity=activity, organizations=[org(NEW_PHUOC_HOI)], details=details)
    entries = LogEntry.objects.get_for_object(activity).filter(action=LogEntry.Action.UPDATE)
    assert entries.filter(actor=editor).exists()
    assert (
        LogEntry.objects.get_for_object(details).filter(action=LogEntry.Action.UPDATE, actor=editor).exists()
    )
    details.refresh_from_db()
    assert details.outcome == "successful"


def test_nothing_is_saved_when_the_details_are_invalid(demo_user):
    before = (Activity.objects.count(), MediationDetails.objects.count(), LogEntry.objects.count())
    details = new_details("mediation", outcome="unsuccessful", sessions=0)
    with pytest.raises(ValidationError):
        create(demo_user("cadre_ward"), "mediation", details=details)
    assert (Activity.objects.count(), MediationDetails.objects.count(), LogEntry.objects.count()) == before


def test_nothing_is_saved_when_a_commitment_or_photo_is_invalid(demo_user):
    actor = demo_user("cadre_ward")
    before = Activity.objects.count()
    with pytest.raises(ValidationError):
        create(actor, "dialogue", commitments=[commitment(text="")])
    bad_photo = NewPhoto(file=SimpleUploadedFile("notes.txt", b"not an image", content_type="text/plain"))
    with pytest.raises(ValidationError) as caught:
        create(actor, "other", photos=[bad_photo])
    assert "photos" in caught.value.message_dict
    assert Activity.objects.count() == before


def test_nothing_is_half_saved_on_update(demo_user):
    actor = demo_user("cadre_ward")
    activity = create(actor, "visit")
    activity = Activity.objects.get(pk=activity.pk)
    details = activity.visit_details
    activity.summary = "Changed"
    details.households_visited = 0
    with pytest.raises(ValidationError):
        update_activity(actor=actor, activity=activity, organizations=[org(NEW_PHUOC_HOI)], details=details)
    activity.refresh_from_db()
    assert activity.summary == "Test summary"


def test_update_outside_the_scope_or_changing_the_kind_is_rejected(demo_user):
    activity = create(
        demo_user("cadre_area"),
        "other",
        activity=new_activity("other", NEW_LA_GI),
        organizations=[org(NEW_LA_GI)],
    )
    with pytest.raises(ValidationError):
        update_activity(actor=demo_user("cadre_ward"), activity=activity, organizations=[org(NEW_LA_GI)])
    with pytest.raises(ValidationError):
        update_activity(actor=demo_user("cadre_viewer"), activity=activity, organizations=[org(NEW_LA_GI)])
    activity.kind = "support"
    errors = errors_of(
        lambda: update_activity(
            actor=demo_user("cadre_area"),
            activity=activity,
            organizations=[org(NEW_LA_GI)],
            details=new_details("support"),
        )
    )
    assert "kind" in errors


def test_update_keeps_an_organizer_the_editor_cannot_change(demo_user):
    """A Women's Union cadre may edit a joint activity without removing the Front committee from it."""
    women = org(NEW_LA_GI, OrganizationKind.WOMENS_UNION)
    activity = create(
        demo_user("cadre_area"),
        "other",
        activity=new_activity("other", NEW_LA_GI),
        organizations=[org(NEW_LA_GI), women],
    )
    editor = demo_user("cadre_women")
    activity = Activity.objects.editable_by(editor).get(pk=activity.pk)
    activity.summary = "Edited by the Women's Union"
    update_activity(actor=editor, activity=activity, organizations=[org(NEW_LA_GI), women])
    with pytest.raises(ValidationError):
        update_activity(actor=editor, activity=activity, organizations=[women])


def test_update_replaces_the_commitments(demo_user):
    actor = demo_user("cadre_ward")
    activity = create(actor, "dialogue", commitments=[commitment("A"), commitment("B")])
    first, second = activity.commitments.order_by("text")
    first.text = "A, sửa"
    update_activity(
        actor=actor,
        activity=activity,
        organizations=[org(NEW_PHUOC_HOI)],
        details=activity.dialogue_details,
        commitments=[first, commitment("C")],
    )
    assert sorted(activity.commitments.values_list("text", "unit_id")) == [
        ("A, sửa", activity.unit_id),
        ("C", activity.unit_id),
    ]
    assert not Commitment.objects.filter(pk=second.pk).exists()


def test_publication_is_stamped_and_cleared(demo_user):
    actor = demo_user("cadre_ward")
    activity = create(actor, "other", activity=new_activity("other", visibility=Visibility.PUBLISHED))
    assert activity.published_at is not None
    assert activity in Activity.objects.published()
    activity.visibility = Visibility.INTERNAL
    update_activity(actor=actor, activity=activity, organizations=[org(NEW_PHUOC_HOI)])
    assert activity.published_at is None
    assert activity not in Activity.objects.published()


def test_log_visit_in_one_call(demo_user):
    actor = demo_user("cadre_ward")
    activity = log_visit(
        actor=actor,
        unit=unit(NEW_PHUOC_HOI),
        residential_area=area(NEW_PHUOC_HOI),
        date=AFTER_MERGER,
        households_visited=3,
        summary="Thăm hộ, nghe phản ánh về đèn đường",
        organizations=[org(NEW_PHUOC_HOI)],
    )
    assert activity.kind == ActivityKind.VISIT
    assert VisitDetails.objects.get(activity=activity).households_visited == 3
    with pytest.raises(ValidationError) as caught:
        log_visit(
            actor=actor,
            unit=unit(NEW_PHUOC_HOI),
            residential_area=area(NEW_LA_GI),
            date=AFTER_MERGER,
            households_visited=0,
            summary="x",
            organizations=[org(NEW_PHUOC_HOI)],
        )
    assert {"residential_area", "households_visited"} <= set(caught.value.message_dict)


def test_visible_to_and_editable_by():
    ward = OrganizationFactory().unit
    other = OrganizationFactory()
    mine = ActivityFactory(unit=ward)
    joint = ActivityFactory(unit=other.unit, organizations=[other, OrganizationFactory(unit=ward)])
    foreign = ActivityFactory(unit=other.unit, organizations=[other])
    reader = UserFactory()
    ScopeFactory(user=reader, unit=ward, access="read")
    writer = UserFactory()
    ScopeFactory(user=writer, unit=ward, access="write")
    assert set(Activity.objects.visible_to(reader)) == {mine, joint}
    assert not Activity.objects.editable_by(reader).exists()
    assert set(Activity.objects.editable_by(writer)) == {mine, joint}
    assert foreign not in Activity.objects.visible_to(writer)
    assert Activity.objects.visible_to(writer).count() == 2  # distinct, though joint has two organizers


def test_update_cannot_take_over_another_activitys_commitment(demo_user):
    actor = demo_user("cadre_ward")
    first = create(actor, "dialogue", commitments=[commitment("Của cuộc đối thoại thứ nhất")])
    second = create(actor, "dialogue")
    foreign = first.commitments.get()
    with pytest.raises(ValidationError):
        update_activity(
            actor=actor,
            activity=second,
            organizations=[org(NEW_PHUOC_HOI)],
            details=second.dialogue_details,
            commitments=[foreign],
        )
    assert Commitment.objects.get(pk=foreign.pk).activity_id == first.pk

"""The support activities of the "Great Unity house" and "Fund for the Poor" types logged before the
register existed become register rows linked to them, so that each house and each spending is
counted once, from the register (README, "Social policy work").

- A house activity gives as many handed-over houses as it had recipients (at least one), in the
  activity's unit, built by its Front committee, handed over on its date; its value is divided
  among them as their share from the Fund for the Poor (the source was not recorded), and the
  houses name the activity as their handover.
- A Fund activity with a value gives one spending of its Front committee on its date, its
  beneficiaries kept confidential, linked to the activity.

Activities already linked are left alone, so the migration may run on any database.
"""

from django.db import migrations

GREAT_UNITY_HOUSE = "great_unity_house"
FUND_FOR_THE_POOR = "fund_for_the_poor"
FRONT_COMMITTEE = "front_committee"
NOTE = "Chuyển từ nhật ký công tác: chi phí chưa tách theo nguồn. (Moved from the work log: cost not split by source.)"


def _front_of(activity, Organization):
    front = activity.organizations.filter(kind=FRONT_COMMITTEE).order_by("pk").first()
    if front is None:
        front = Organization.objects.filter(kind=FRONT_COMMITTEE, unit_id=activity.unit_id).order_by("pk").first()
    return front


def forwards(apps, schema_editor):
    Activity = apps.get_model("activities", "Activity")
    Organization = apps.get_model("organizations", "Organization")
    House = apps.get_model("social", "GreatUnityHouse")
    Spending = apps.get_model("social", "FundSpending")

    houses = []
    for activity in Activity.objects.filter(
        kind="support", support_details__support_type=GREAT_UNITY_HOUSE, great_unity_houses__isnull=True
    ).select_related("support_details"):
        front = _front_of(activity, Organization)
        if front is None:
            continue
        details = activity.support_details
        count = max(1, details.recipients)
        share, rest = divmod(details.value_vnd, count)
        for number in range(count):
            houses.append(
                House(
                    unit_id=activity.unit_id,
                    organization=front,
                    work="new_build",
                    status="handed_over",
                    handed_over_on=activity.date,
                    cost_fund_vnd=share + (rest if number == 0 else 0),
                    handover_activity=activity,
                    notes=NOTE,
                    is_demo=activity.is_demo,
                )
            )
    House.objects.bulk_create(houses)

    spending = []
    for activity in Activity.objects.filter(
        kind="support", support_details__support_type=FUND_FOR_THE_POOR, fund_spending__isnull=True
    ).select_related("support_details"):
        details = activity.support_details
        front = _front_of(activity, Organization)
        if front is None or not details.value_vnd:
            continue
        spending.append(
            Spending(
                committee=front,
                date=activity.date,
                purpose="other",
                beneficiary=details.beneficiaries,
                amount_vnd=details.value_vnd,
                activity=activity,
                is_demo=activity.is_demo,
            )
        )
    Spending.objects.bulk_create(spending)


class Migration(migrations.Migration):
    dependencies = [
        ("social", "0001_initial"),
        ("activities", "0004_activity_recorded_by"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

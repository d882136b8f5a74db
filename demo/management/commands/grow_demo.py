"""``manage.py grow_demo --activities N``: grow the demo work log to N published activities.

For load tests (``make bench``), never for a real database. The new activities are copies of
the published demo activities of ``seed_demo`` (same kinds, units, organizers, places and
kind-specific details, in the same proportions) moved to a random date between 1 January
2020 and today, always in a unit that existed on that date (old wards and communes before
1 July 2025, the three new units after) and on a day that fits the copy's topic (Tết gifts
in January–February, the Great Unity Day in November ...: ``demo.calendar``). Confidential
fields stay empty or generic: the copies carry none of the demo's confidential markers.

Idempotent: it creates only what is missing to reach N published activities, with
``bulk_create`` in batches, so 100,000 take seconds rather than minutes.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.utils import timezone

from activities.figures import rebuild_work_days
from activities.models import (
    DETAILS_ACCESSORS,
    Activity,
    MediationDetails,
    SupportDetails,
    Visibility,
)
from core.caching import public_content_changed
from demo.calendar import fits

START = datetime.date(2020, 1, 1)
BATCH = 5_000
# Mediation parties are required; the copies say plainly that they are invented.
GENERIC_PARTIES = "Hai bên (minh họa, dữ liệu đo tải)"


@dataclass(frozen=True)
class _Template:
    activity: Activity
    organizer_ids: tuple[int, ...]
    details: models.Model | None
    first_day: datetime.date
    last_day: datetime.date
    text: str  # the words whose date windows a copy keeps to (demo.calendar)


def _load_templates(today: datetime.date) -> list[_Template]:
    published = (
        Activity.objects.published()
        .filter(is_demo=True)
        .select_related("unit", *DETAILS_ACCESSORS.values())
        .prefetch_related("organizations")
        .order_by("pk")
    )
    templates = []
    for activity in published:
        unit = activity.unit
        first_day = max(unit.valid_from or START, START)
        last_day = min(unit.valid_to or today, today)
        if first_day > last_day:
            continue
        templates.append(
            _Template(
                activity=activity,
                organizer_ids=tuple(o.pk for o in activity.organizations.all()),
                details=activity.details,
                first_day=first_day,
                last_day=last_day,
                text=_calendar_text(activity),
            )
        )
    return templates


class _Grower:
    """Makes copies of the templates on random dates, batch by batch."""

    def __init__(self, templates: list[_Template], rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.now = timezone.now()
        self.span_days = (today - START).days
        # Templates usable on a date depend only on which validity intervals contain it.
        self.intervals: dict[tuple[datetime.date, datetime.date], list[_Template]] = defaultdict(list)
        for template in templates:
            self.intervals[(template.first_day, template.last_day)].append(template)
        self._by_intervals: dict[tuple, list[_Template]] = {}

    def _candidates(self, day: datetime.date) -> list[_Template]:
        key = tuple(interval for interval in self.intervals if interval[0] <= day <= interval[1])
        if key not in self._by_intervals:
            self._by_intervals[key] = [t for interval in key for t in self.intervals[interval]]
        return self._by_intervals[key]

    def _pick(self) -> tuple[_Template, datetime.date]:
        while True:
            day = START + datetime.timedelta(days=self.rng.randint(0, self.span_days))
            candidates = self._candidates(day)
            if candidates:
                template = self.rng.choice(candidates)
                if fits(template.text, day):
                    return template, day

    def _published_at(self, day: datetime.date) -> datetime.datetime:
        moment = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(9, 0))
        return min(timezone.make_aware(moment), self.now)

    def grow(self, count: int) -> None:
        picks = [self._pick() for _ in range(count)]
        activities = []
        for template, day in picks:
            source = template.activity
            activities.append(
                Activity(
                    kind=source.kind,
                    date=day,
                    start_time=source.start_time,
                    unit_id=source.unit_id,
                    place=source.place,
                    summary=source.summary,
                    participants_count=source.participants_count,
                    visibility=Visibility.PUBLISHED,
                    published_at=self._published_at(day),
                    created_by_id=source.created_by_id,
                    is_demo=True,
                )
            )
        created = Activity.objects.bulk_create(activities, batch_size=BATCH)
        through = Activity.organizations.through
        through.objects.bulk_create(
            [
                through(activity_id=activity.pk, organization_id=organization_id)
                for activity, (template, _day) in zip(created, picks, strict=True)
                for organization_id in template.organizer_ids
            ],
            batch_size=BATCH,
        )
        details_by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        for activity, (template, _day) in zip(created, picks, strict=True):
            if template.details is not None:
                details_by_model[type(template.details)].append(_copy_details(template.details, activity))
        for model, rows in details_by_model.items():
            model.objects.bulk_create(rows, batch_size=BATCH)


def _calendar_text(activity: Activity) -> str:
    details = activity.details
    words = [activity.summary, activity.place]
    for name in ("topic", "topics", "document_title", "drafting_body", "session"):
        words.append(str(getattr(details, name, "") or ""))
    return " ".join(words)


def _copy_details(details: models.Model, activity: Activity) -> models.Model:
    values = {
        field.attname: getattr(details, field.attname)
        for field in details._meta.concrete_fields
        if field.name != "activity"
    }
    copy = type(details)(activity=activity, **values)
    if isinstance(copy, MediationDetails):
        copy.parties = GENERIC_PARTIES
    if isinstance(copy, SupportDetails):
        copy.beneficiaries = ""
    return copy


class Command(BaseCommand):
    help = (
        "Grow the demo work log to the given number of published activities (copies of the demo "
        "activities on random dates since 2020), for load tests. Creates only what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--activities", type=int, default=100_000, help="Published activities wanted (default 100000)."
        )
        parser.add_argument("--seed", type=int, default=2020, help="Random seed (default 2020).")

    def handle(self, *args, **options) -> None:
        wanted: int = options["activities"]
        if wanted < 0:
            raise CommandError("--activities must be zero or more.")
        started = time.monotonic()
        today = timezone.localdate()
        existing = Activity.objects.published().count()
        missing = wanted - existing
        if missing <= 0:
            self.stdout.write(f"{existing} published activities already; nothing to do.")
            return
        templates = _load_templates(today)
        if not templates:
            raise CommandError("No published demo activity to copy: run seed_demo first.")
        grower = _Grower(templates, random.Random(options["seed"] + existing), today)
        done = 0
        while done < missing:
            size = min(BATCH * 4, missing - done)
            with transaction.atomic():
                grower.grow(size)
                public_content_changed()
            done += size
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {existing + done} published activities")
        rebuild_work_days()  # the reports' figures of each day, once for every batch
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Created {missing} published activities ({existing} before, {wanted} now) in {elapsed:.1f} s."
        )

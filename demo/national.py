"""A country-sized data set on top of the La Gi demo, for the national load tests (``grow_national``).

``grow(...)`` writes, in bulk (``demo.bulk``: PostgreSQL's ``COPY``, plain inserts elsewhere):

- the structure of ``demo.national_structure``: provinces, wards and communes, residential areas,
  their Front committees, associations and unions with their branches, and their authorities;
- a work log from 1 January 2020 to today with the writers of the reports bench
  (``demo.bulk_worklog``): activities in the wards, communes and areas of every province (a busy
  one logs up to twenty times the work of a quiet one), each with the details record of its kind
  and organizers of its own unit, ``PUBLISHED`` of them published; concerns in the same places,
  forwarded to the authorities of their ward or commune or of its province;
- two cadre accounts with the demo password: ``national_ward`` writes in one ward (the busiest of
  the largest province) and ``national_province`` in that province;
- then what the bulk load went around: the reports' figures of each day, the scope reach of the
  new units, the planner's statistics and the public search index.

It runs only on a demo database (``refuse_unless_demo``): one that ``seed_demo`` filled and where
every row that can be marked as demo data is (the La Gi demo's real units excepted), so it never
mixes invented records into real ones. A second run adds a second set beside the first: new codes
(the run's number) and new ids. Random but repeatable for a seed and a run.
"""

from __future__ import annotations

import datetime
import multiprocessing
import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from django.apps import apps
from django.contrib.auth.hashers import check_password, make_password
from django.db import connection, connections, transaction
from django.utils import timezone

from activities.models import Activity
from core import search
from core.caching import public_content_changed
from core.models import DemoFlag
from organizations.models import Access, AdministrativeUnit, Organization, Scope, User
from organizations.reach import rebuild_reach

from . import bulk, bulk_worklog, national_structure
from .bulk import Table
from .bulk_worklog import MARK, START
from .national_structure import Commune, NationalPlaces, NationalStructure, Province
from .structure import NEW_UNITS, OLD_UNITS, PASSWORD, PROVINCE_NEW, PROVINCE_OLD, TOWN

# The share of the activities that are published (and so in the public search index).
PUBLISHED = 0.2
WARD_CADRE = "national_ward"
PROVINCE_CADRE = "national_province"
# The La Gi demo's units that are real places, hence not marked as demo data.
DEMO_REAL_UNITS = frozenset(
    {PROVINCE_OLD, PROVINCE_NEW, TOWN, *(unit.code for unit in OLD_UNITS), *(unit.code for unit in NEW_UNITS)}
)
SUMMARIES = {
    "visit": "Thăm hỏi, động viên hộ gia đình khó khăn",
    "meeting": "Sinh hoạt định kỳ, phổ biến chủ trương, chính sách",
    "other": "Ra quân vệ sinh môi trường, trồng cây xanh",
    "support": "Trao quà hỗ trợ hộ nghèo, hộ cận nghèo",
    "mediation": "Hòa giải mâu thuẫn giữa các hộ dân",
    "draft_comments": "Lấy ý kiến nhân dân góp ý dự thảo văn bản",
    "voter_contact": "Tiếp xúc cử tri",
    "dialogue": "Đối thoại giữa người đứng đầu chính quyền với nhân dân",
}


class NotADemoDatabase(Exception):
    """The database holds records that are not demo data (or no demo at all)."""


def refuse_unless_demo() -> None:
    """Raise ``NotADemoDatabase`` unless ``seed_demo`` filled the database and every row that can
    be marked as demo data is, apart from the La Gi demo's real units (one query per model)."""
    if not Organization.objects.filter(is_demo=True).exists():
        raise NotADemoDatabase("the database has no demo data: run seed_demo first")
    for model in apps.get_models():
        if not issubclass(model, DemoFlag):
            continue
        rows = model._default_manager.filter(is_demo=False)
        if model is AdministrativeUnit:
            rows = rows.exclude(code__in=DEMO_REAL_UNITS)
        if rows.exists():
            raise NotADemoDatabase(
                f"the database holds {model._meta.verbose_name_plural} that are not demo data: "
                "this command writes only into a demo database"
            )


@dataclass
class Result:
    structure: NationalStructure
    tables: dict[str, Table] = field(default_factory=dict)
    steps: dict[str, float] = field(default_factory=dict)  # seconds of what is not a table
    accounts: dict[str, AdministrativeUnit] = field(default_factory=dict)
    published: int = 0  # activities of the set
    index: dict[str, int] = field(default_factory=dict)  # entries of the search index by type
    concurrent: list[str] = field(default_factory=list)  # steps run while the search index was written
    seconds: float = 0.0


def grow(
    *,
    provinces: int,
    communes: int,
    areas: int,
    activities: int,
    concerns: int,
    seed: int,
    today: datetime.date | None = None,
) -> Result:
    """Write one national set (see the module's docstring); what was written and how long it took."""
    began = time.perf_counter()
    if activities < 0 or concerns < 0:
        raise ValueError("the numbers of activities and concerns cannot be negative")
    refuse_unless_demo()
    today = today or timezone.localdate()
    run = national_structure.next_run()
    rng = random.Random(f"{seed}:{run}")
    structure = national_structure.build(
        run=run, provinces=provinces, communes=communes, areas=areas, rng=rng
    )
    result = Result(structure)
    result.tables |= national_structure.write(structure)
    _timed(result, "accounts", lambda: _accounts(result))
    places = NationalPlaces(structure)
    days = [START + datetime.timedelta(days=n) for n in range((today - START).days + 1)]
    if activities:
        named = structure.places()

        def summary(pk: int, kind: str, unit: int) -> str:
            return f"{SUMMARIES[kind]}, {named[unit]} {MARK}"

        plan = bulk_worklog.plan(activities, places, days, rng)
        result.tables |= bulk_worklog.write_activities(plan, rng, published=PUBLISHED, summary=summary)
        result.tables |= bulk_worklog.write_details(plan, places, rng)
        result.tables |= bulk_worklog.write_organizers(plan, places, rng)
        result.published = Activity.objects.published().filter(pk__gte=plan.first_id).count()
    if concerns:
        result.tables |= bulk_worklog.write_concerns(concerns, places, days, rng)
    _after_the_load(result, activities=bool(activities), concerns=bool(concerns))
    result.seconds = time.perf_counter() - began
    return result


def _timed(result: Result, step: str, run: Callable[[], object]) -> None:
    began = time.perf_counter()
    run()
    result.steps[step] = time.perf_counter() - began


def _after_the_load(result: Result, *, activities: bool, concerns: bool = False) -> None:
    """What the services would have kept current, redone once for the whole load: the figures of
    each day, the concerns' figures by half-month and the scope reach (in the database), the search
    index (mostly in Python).

    On PostgreSQL outside a transaction (the command), where other connections see the rows, the
    work is shared out over the machine's cores: a second process indexes the units and
    organizations while this one indexes the rest, and a second connection rebuilds the figures
    and the reach meanwhile. Otherwise (in a test's transaction, on SQLite) one after the other.
    """
    in_database: list[tuple[str, Callable[[], object]]] = []
    if activities:
        # The reports sum the figures of each day, which a COPY does not write.
        from activities.figures import rebuild_work_days

        in_database.append(("work log figures of each day", rebuild_work_days))
    if concerns:
        from concerns.figures import rebuild_concern_halves

        in_database.append(("concerns' figures by half-month", rebuild_concern_halves))
    # What each scope root covers, for the new units and organizations.
    in_database.append(("scope reach", rebuild_reach))

    def database_steps() -> None:
        for step, run in in_database:
            _timed(result, step, run)

    _timed(result, "planner statistics", bulk.analyze)
    if bulk.copies() and not connection.in_atomic_block:
        _timed(result, "search index", lambda: _index_beside(result, database_steps))
        result.concurrent = [step for step, _run in in_database]
    else:
        database_steps()
        _timed(result, "search index", lambda: result.index.update(search.rebuild()))
    public_content_changed()
    _timed(result, "planner statistics again", bulk.analyze)


def _index_beside(result: Result, database_steps: Callable[[], None]) -> None:
    """The search index in two processes (units and organizations in the second), and the
    database steps in a second connection of this one, all at the same time."""
    everything = [registration.model for registration in search.registrations()]
    beside = [model for model in everything if model in (AdministrativeUnit, Organization)]
    here = [model for model in everything if model not in beside]
    connections.close_all()  # the second process opens its own connection
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_index_in_second_process, args=(beside, sending), daemon=True)
    process.start()
    sending.close()
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            steps = pool.submit(_in_own_connection, database_steps)
            result.index.update(search.rebuild(here))
            steps.result()
        try:
            result.index.update(receiving.recv())
        except EOFError as error:
            raise RuntimeError("the search index's second process failed (its error is above)") from error
    finally:
        process.join()


def _index_in_second_process(models: list[type], sending) -> None:
    try:
        sending.send(search.rebuild(models))
    finally:
        connections.close_all()


def _in_own_connection(run: Callable[[], object]) -> None:
    """``run`` in this thread's own database connection, closed at the end."""
    try:
        run()
    finally:
        connections.close_all()


def _accounts(result: Result) -> None:
    """The ward cadre in the busiest ward of the largest province, the province cadre there."""
    province: Province = max(result.structure.provinces, key=lambda p: len(p.communes))
    wards = [c for c in province.communes if c.kind == "ward"] or province.communes
    ward: Commune = max(wards, key=lambda c: c.weight)
    units = AdministrativeUnit.objects.in_bulk([ward.pk, province.pk])
    result.accounts = {WARD_CADRE: units[ward.pk], PROVINCE_CADRE: units[province.pk]}
    with transaction.atomic(), disable_auditlog():
        for username, unit in result.accounts.items():
            _account(username, unit)


def _account(username: str, unit: AdministrativeUnit) -> User:
    """The account with the demo password and one scope, writing in ``unit`` (a second run moves it)."""
    user = User.objects.filter(username=username).first() or User(username=username)
    user.email = f"{username}@example.vn"
    user.is_active, user.is_staff, user.is_superuser = True, False, False
    if not check_password(PASSWORD, user.password):
        user.password = make_password(PASSWORD)
    user.save()
    Scope.objects.filter(user=user).delete()
    Scope.objects.create(user=user, unit=unit, access=Access.WRITE)
    return user

"""PostgreSQL goes down under a running portal, and comes back.

gunicorn (production settings, persistent database connections) serves the demo data from the
throwaway cluster; the test stops the cluster as after a crash (``pg_ctl -m immediate``) while a
resident keeps sending the concern form, checks what visitors and cadres get during the outage,
starts the cluster again and checks that the same gunicorn processes serve again, with no restart,
and that every write is either absent or complete.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from bench.client import Browser, FormUnavailable
from bench.procs import children
from bench.servers import running, shell_json
from tests.conftest import DEMO_PASSWORD
from tests.ops.conftest import gunicorn, portal_env

UNAVAILABLE = "The portal is briefly unavailable"
NOT_SAVED = "What you sent was not saved."
RAISE = "/concerns/raise/"
VISIT = "/cadre/concerns/visit/"
LOGIN = "/accounts/login/"
# Not cached: a second page of the list with a filter nobody asked for before.
UNCACHED = "/activities/?page=2&q=outage"

PLACES = """
import json
from organizations.models import AdministrativeUnit
print(json.dumps({
    "unit": AdministrativeUnit.objects.get(code="LD-PPHUOCHOI").pk,
    "area": AdministrativeUnit.objects.get(code="LD-PPHUOCHOI-KP01").pk,
}))
"""

WRITES = """
import json
from concerns.models import Concern
found = {}
for concern in Concern.objects.filter(detail__startswith="OUTAGE-").prefetch_related("events"):
    events = [event.to_status for event in concern.events.all()]
    found[concern.detail] = {"events": events, "activity": concern.activity_id}
print(json.dumps(found))
"""


def concern_fields(places: dict, marker: str) -> dict[str, str]:
    return {
        "category": "infrastructure",
        "unit": str(places["unit"]),
        "residential_area": str(places["area"]),
        "description": f"{marker} Đèn đường ở khu phố 1 bị hỏng nhiều ngày, xin sửa giúp.",
    }


def visit_fields(places: dict, marker: str) -> dict[str, str]:
    return {
        "residential_area": str(places["area"]),
        "date": time.strftime("%Y-%m-%d"),
        "households_visited": "4",
        "visit_summary": "Thăm hộ gia đình ở khu phố 1.",
        "category": "environment",
        "summary": "Rác thải tồn đọng đầu hẻm.",
        "detail": marker,
    }


@dataclass
class Resident:
    """Sends the concern form again and again in a thread; remembers which sends were acknowledged."""

    base_url: str
    places: dict
    acknowledged: list[str] = field(default_factory=list)
    refused: int = 0
    statuses: set[int] = field(default_factory=set)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        number = 0
        while not self.stop.is_set():
            number += 1
            marker = f"OUTAGE-W{number:05d}"
            browser = Browser(self.base_url, timeout=10)
            try:
                response = browser.submit(RAISE, concern_fields(self.places, marker))
            except FormUnavailable as error:
                self.statuses.add(error.status)
                time.sleep(0.05)
                continue
            except OSError:
                continue
            self.statuses.add(response.status)
            if response.status == 302:
                self.acknowledged.append(marker)
            else:
                self.refused += 1


def wait_for(check, seconds: float) -> float:
    """Seconds until ``check()`` holds; fails after ``seconds``."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if check():
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s: {check.__doc__ or check}")


def assert_503_page(response, *, form_sent: bool = False, english: bool = True) -> None:
    assert response.status == 503, (response.status, response.text[:500])
    assert response.headers.get("retry-after") == "30"
    assert "Traceback" not in response.text and "OperationalError" not in response.text
    if english:
        assert UNAVAILABLE in response.text
        assert (NOT_SAVED in response.text) == form_sent
    else:
        assert '<html lang="vi">' in response.text


def test_database_outage_and_recovery(cluster, seeded_database, tmp_path):
    env = portal_env(seeded_database, tmp_path / "media")
    places = shell_json(env, PLACES)
    server = gunicorn("outage", env, tmp_path)
    with running(server):
        base = server.base_url
        visitor = Browser(base, headers={"Accept-Language": "en"})
        for path in ("/", "/activities/", UNCACHED, "/healthz"):
            assert visitor.get(path).status == 200, path
        cadre = Browser(base, headers={"Accept-Language": "en"})
        assert cadre.login("cadre_ward", DEMO_PASSWORD)
        assert cadre.get("/cadre/").status == 200
        workers = children(server.process.pid)
        # Forms opened before the outage, sent during it.
        resident = Browser(base, headers={"Accept-Language": "en"})
        resident_page = resident.get(RAISE)
        visit_page = cadre.get(VISIT)
        login = Browser(base, headers={"Accept-Language": "en"})
        login_page = login.get(LOGIN)

        writer = Resident(base, places)
        thread = threading.Thread(target=writer.run, daemon=True)
        thread.start()
        time.sleep(1.5)
        cluster.stop("immediate")
        try:
            # The outage: friendly 503 pages, no server error.
            wait_for(lambda: visitor.get("/healthz").status == 503, 10)
            assert_503_page(visitor.get(UNCACHED))
            assert visitor.get("/").status in (200, 503)  # a cached page may still be served
            assert_503_page(Browser(base).get(UNCACHED), english=False)  # in Vietnamese by default
            assert_503_page(cadre.get("/cadre/"))
            assert_503_page(cadre.get("/cadre/concerns/"))
            sent = resident.submit(RAISE, concern_fields(places, "OUTAGE-DURING-PUBLIC"), page=resident_page)
            assert_503_page(sent, form_sent=True)
            assert "OUTAGE-DURING-PUBLIC Đèn đường" in sent.text  # what the resident typed, to copy
            sent = cadre.submit(VISIT, visit_fields(places, "OUTAGE-DURING-VISIT"), page=visit_page)
            assert_503_page(sent, form_sent=True)
            sent = login.submit(LOGIN, {"username": "cadre_area", "password": DEMO_PASSWORD}, page=login_page)
            assert_503_page(sent, form_sent=True)
            assert DEMO_PASSWORD not in sent.text
            time.sleep(2)
        finally:
            cluster.start()

        # The database is back: the same gunicorn workers serve again, without a restart.
        wait_for(lambda: visitor.get("/healthz").status == 200, 30)
        writer.stop.set()
        thread.join(timeout=30)
        for path in ("/", "/activities/", UNCACHED):
            assert visitor.get(path).status == 200, path
        assert cadre.get("/cadre/").status == 200  # the session outlived the outage
        assert children(server.process.pid) == workers
        fresh = Browser(base)
        assert fresh.login("cadre_area", DEMO_PASSWORD)

    # Every write is complete or absent; every acknowledged one is there.
    writes = shell_json(env, WRITES)
    assert writer.acknowledged, "the resident's form was never accepted"
    assert writer.statuses <= {302, 503}, writer.statuses
    missing = [marker for marker in writer.acknowledged if not any(d.startswith(marker) for d in writes)]
    assert missing == []
    for detail, saved in writes.items():
        assert saved["events"] and saved["events"][0] == "received", (detail, saved)
    assert not any(d.startswith("OUTAGE-DURING-PUBLIC") for d in writes)
    assert "OUTAGE-DURING-VISIT" not in writes

"""The cadre lines of the bench (bench/cadre.py, bench/run.py) without load: the sessions the
script makes and how its output is read, the verdict of the new targets, and the table's rows."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from bench import cadre
from bench.run import Measure, Pair, Target, cadre_targets, national_search_targets, select, table, verdict
from bench.servers import BenchError
from concerns.models import Concern
from organizations.models import User

PATHS = {
    "dashboard": "/cadre/",
    "activities": "/cadre/activities/",
    "concerns": "/cadre/concerns/",
    "organizations": "/cadre/organizations/",
    "search": "/search/",
}


def output(**accounts: dict | None) -> dict:
    return {
        "cookie_name": "sessionid",
        "csrf_cookie_name": "csrftoken",
        "accounts": accounts,
        "activities": 1200,
        "paths": PATHS,
    }


def timing(requests_per_second: float, p95_ms: float = 20.0, non_2xx: int = 0) -> Measure:
    return Measure(
        requests_per_second=requests_per_second,
        p50_ms=p95_ms / 2,
        p95_ms=p95_ms,
        p99_ms=p95_ms * 2,
        requests=1000,
        non_2xx=non_2xx,
        socket_errors=0,
        others_cpu=0.01,
    )


def account(username: str = "cadre_ward") -> cadre.Account:
    found = {"session": "abc", "csrf": "s1", "concern": "/cadre/concerns/7/"}
    read = cadre.read_sessions(output(**{username: found}), (username,))
    return read.accounts[0]


def test_the_script_output_gives_each_account_its_cookie_and_its_five_pages():
    read = cadre.read_sessions(
        output(
            cadre_ward={"session": "abc", "csrf": "s1", "concern": "/cadre/concerns/7/"},
            cadre_area={"session": "def", "csrf": "s2", "concern": "/cadre/concerns/9/"},
        ),
        ("cadre_ward", "cadre_area"),
    )

    assert [a.username for a in read.accounts] == ["cadre_ward", "cadre_area"]
    ward = read.accounts[0]
    assert ward.headers == ("Cookie: sessionid=abc; csrftoken=s1",)
    assert dict(ward.pages) == {
        "dashboard": "/cadre/",
        "activity list": "/cadre/activities/",
        "concern inbox": "/cadre/concerns/",
        "concern page": "/cadre/concerns/7/",
        "organization list": "/cadre/organizations/",
    }
    assert dict(read.accounts[1].pages)["concern page"] == "/cadre/concerns/9/"
    assert read.search == "/search/" and read.activities == 1200


def test_a_missing_account_or_one_without_a_concern_stops_the_line():
    with pytest.raises(BenchError, match="no active account national_ward"):
        cadre.read_sessions(output(national_ward=None), ("national_ward",))
    with pytest.raises(BenchError, match="no active account cadre_area"):
        found = {"session": "a", "csrf": "s", "concern": "/x/"}
        cadre.read_sessions(output(cadre_ward=found), ("cadre_ward", "cadre_area"))
    with pytest.raises(BenchError, match="cadre_ward can see no concern"):
        cadre.read_sessions(
            output(cadre_ward={"session": "a", "csrf": "s", "concern": None}), ("cadre_ward",)
        )


@pytest.mark.django_db
def test_the_session_script_logs_in_and_finds_the_newest_concern_in_scope():
    result = cadre.sessions(["cadre_ward", "nobody"])

    assert result["accounts"]["nobody"] is None
    found = result["accounts"]["cadre_ward"]
    user = User.objects.get(username="cadre_ward")
    newest = Concern.objects.visible_to(user).order_by("-received_on", "-pk").first()
    assert found["concern"] == f"/cadre/concerns/{newest.pk}/"
    assert result["paths"] == PATHS
    read = cadre.read_sessions(result, ("cadre_ward",))
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = found["session"]
    client.cookies[settings.CSRF_COOKIE_NAME] = found["csrf"]
    for name, path in read.accounts[0].pages:
        response = client.get(path)
        assert response.status_code == 200, name
        # The page's CSRF token is masked from the secret of the cookie sent.
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
        assert token is None or _unmask_cipher_token(token.group(1)) == found["csrf"], name


def test_a_cadre_page_needs_a_tenth_of_the_bare_view_and_a_p95_under_100_ms():
    target = cadre_targets(cadre.DEMO_DATA, (account(),))[0]
    assert target.connections == cadre.CONNECTIONS == 8
    assert target.headers == ("Cookie: sessionid=abc; csrftoken=s1",)

    assert verdict(Pair(target, timing(500, p95_ms=80), timing(4000))) == (True, "PASS")
    passed, text = verdict(Pair(target, timing(60, p95_ms=80), timing(4000)))
    assert not passed and text == "FAIL: rps 2% < 10%"
    passed, text = verdict(Pair(target, timing(500, p95_ms=165), timing(4000)))
    assert not passed and text == "FAIL: p95 > 100 ms"
    passed, text = verdict(Pair(target, timing(500, p95_ms=80, non_2xx=3), timing(4000)))
    assert not passed and "3 non-2xx" in text


def test_the_national_search_is_held_to_its_p95_alone():
    stored, kept, computed = national_search_targets("/search/", account("national_ward"))
    assert stored.path == kept.path == computed.path == "/search/?q=th%C4%83m+h%E1%BB%8Fi"
    assert stored.headers == () and kept.headers == ("Cookie: sessionid=abc; csrftoken=s1",)
    # Without the CSRF cookie the page is never kept: the search runs on each request.
    assert computed.headers == ("Cookie: sessionid=abc",)

    assert verdict(Pair(kept, timing(40, p95_ms=90), timing(4000)))[0]
    passed, text = verdict(Pair(stored, timing(3000, p95_ms=120), timing(4000)))
    assert not passed and text == "FAIL: p95 > 100 ms"
    passed, text = verdict(Pair(computed, timing(10, p95_ms=1100), timing(4000)))
    assert passed and text == "no target: measured for information"


def test_the_cadre_table_says_which_data_set_and_account_each_row_is():
    ward = cadre_targets(cadre.DEMO_DATA, (account(),))
    search = national_search_targets("/search/", account("national_ward"))
    pairs = [Pair(ward[0], timing(50, p95_ms=165), timing(5000)), Pair(search[0], timing(3000), timing(5000))]

    text, passed = table(pairs)

    lines = text.splitlines()
    assert not passed
    assert lines[0].startswith("| data set | account | page | path | requests/s |")
    assert lines[2].startswith("| demo data | cadre_ward | dashboard | `/cadre/` | 50 | 5,000 | 1% |")
    assert lines[2].endswith("| FAIL: rps 1% < 10%, p95 > 100 ms |")
    assert lines[3].startswith("| national data set | anonymous | search (stored public page) |")
    assert lines[3].endswith("| PASS |")
    assert lines[4].startswith("| | | bare view, Django's default middleware | `/` | 5,000 (mean) |")
    assert all(line.count("|") == lines[0].count("|") for line in lines[:4])


def test_the_public_table_keeps_its_columns():
    text, passed = table([Pair(Target("home", "/"), timing(4800), timing(5000))])

    lines = text.splitlines()
    assert passed
    assert lines[0].startswith("| page | path | requests/s |")
    assert lines[2].startswith("| home | `/` | 4,800 | 5,000 | 96% |")


def test_only_cadre_and_only_national_select_their_lines_alone():
    alone = select(["cadre"], postgresql=True)
    assert (alone.public, alone.cadre, alone.national, alone.one_off) == (False, True, False, ())
    assert alone.bench_database
    national = select(["national"], postgresql=True)
    assert (national.public, national.cadre, national.national) == (False, False, True)
    assert not national.bench_database  # the national line has a database of its own
    mixed = select(["home", "national"], postgresql=True)
    assert (mixed.public, mixed.cadre, mixed.national) == (True, False, True)
    assert not select(["reports"], postgresql=True).under_load


def test_a_full_run_has_the_national_line_on_postgresql_only():
    everything = select(None, postgresql=True)
    assert everything.public and everything.cadre and everything.national
    assert everything.one_off == ("merge", "members", "reports")
    assert not select(None, postgresql=False).national


def test_a_page_whose_requests_all_timed_out_shows_no_latency_and_fails():
    target = cadre_targets(cadre.NATIONAL_DATA, (account("national_province"),))[0]
    silent = Measure(
        requests_per_second=0.9,
        p50_ms=0.0,
        p95_ms=0.0,
        p99_ms=0.0,
        requests=14,
        non_2xx=0,
        socket_errors=14,
        others_cpu=0.0,
    )

    text, passed = table([Pair(target, silent, timing(1000))])

    assert not passed
    assert "| > 5000 | > 5000 | > 5000 |" in text
    assert "FAIL: rps 0% < 10%, no response within 5 s, 14 socket errors |" in text

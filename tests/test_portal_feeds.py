"""The RSS and Atom feeds of published activities and the iCalendar feed of public events,
parsed back: valid XML with the right items; RFC 5545 lines, escaping, folding and events."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityKind
from portal import calendar
from portal.feeds import FEED_SIZE
from tests.factories import ActivityFactory, UnitFactory
from tests.helpers import published_activity

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def newest_published() -> list[Activity]:
    return list(Activity.objects.published().order_by("-published_at", "-pk")[:FEED_SIZE])


# --- RSS and Atom ---------------------------------------------------------------------------


def test_rss_lists_the_newest_published_activities(client):
    fresh = published_activity(summary="Ngày hội Đại đoàn kết & liên hoan <văn nghệ> ở khu phố 5.")
    internal = ActivityFactory(summary="Nội dung nội bộ không đăng.")

    response = client.get(reverse("portal:feed_rss"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert len(items) == FEED_SIZE
    links = [item.findtext("link") for item in items]
    assert links == [f"http://testserver/activities/{a.pk}/" for a in newest_published()]
    assert links[0] == f"http://testserver/activities/{fresh.pk}/"
    assert items[0].findtext("description") == fresh.summary  # escaped in XML, parsed back intact
    assert items[0].findtext("pubDate")
    assert items[0].findtext("guid") == links[0]
    assert all(f"/activities/{internal.pk}/" != link for link in links)
    assert b"N\xe1\xbb\x99i dung n\xe1\xbb\x99i b\xe1\xbb\x99" not in response.content


def test_atom_lists_the_same_activities(client):
    response = client.get(reverse("portal:feed_atom"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links == [f"http://testserver/activities/{a.pk}/" for a in newest_published()]
    first = entries[0]
    assert first.findtext(f"{ATOM}title") and first.findtext(f"{ATOM}updated")
    assert first.findtext(f"{ATOM}id") == links[0]
    self_link = [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link == ["http://testserver/feeds/activities.atom"]


def test_feeds_never_carry_confidential_values(client):
    from demo import activities as demo

    for name in ("portal:feed_rss", "portal:feed_atom"):
        text = client.get(reverse(name)).content.decode()
        for marker in demo.CONFIDENTIAL_MARKERS:
            assert marker not in text, (name, marker)


# --- iCalendar --------------------------------------------------------------------------------


def unfold(body: str) -> list[str]:
    """Content lines of an iCalendar body (RFC 5545 §3.1): CRLF + space/tab continues a line."""
    assert body.endswith("\r\n")
    physical = body.split("\r\n")[:-1]
    lines: list[str] = []
    for line in physical:
        if line.startswith((" ", "\t")):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def events(body: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in unfold(body):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    return found


@pytest.fixture
def upcoming():
    unit = UnitFactory(name="Xã Thử Lịch")
    today = timezone.localdate()
    long_summary = (
        "Đối thoại giữa Bí thư Đảng ủy, Chủ tịch UBND xã với nhân dân về bồi thường, hỗ trợ tái định cư; "
        "dự án đường ven biển, kè chống sạt lở; ý kiến: \\ “thủ tục”, lịch trình.\n"
        "Mời bà con tham dự đông đủ."
    )
    dialogue = published_activity(
        unit=unit,
        kind=ActivityKind.DIALOGUE,
        date=today + datetime.timedelta(days=3),
        start_time=datetime.time(8, 0),
        place="Hội trường Xã Thử Lịch",
        summary=long_summary,
    )
    all_day = published_activity(
        unit=unit, kind=ActivityKind.OTHER, date=today + datetime.timedelta(days=10), place=""
    )
    return dialogue, all_day


def test_the_calendar_feed_is_valid_icalendar_with_the_upcoming_events(client, upcoming):
    dialogue, all_day = upcoming
    internal = ActivityFactory(
        kind=ActivityKind.MEETING, date=timezone.localdate() + datetime.timedelta(days=1)
    )

    response = client.get(reverse("portal:calendar_ics"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "\n" not in body.replace("\r\n", "")  # every line ends with CRLF
    lines = unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    by_uid = {event["UID"]: event for event in events(body)}
    assert f"activity-{internal.pk}@testserver" not in by_uid
    for event in by_uid.values():
        assert {"UID", "DTSTAMP", "SUMMARY", "URL"} <= set(event)
        assert any(key.startswith("DTSTART") for key in event)

    timed = by_uid[f"activity-{dialogue.pk}@testserver"]
    start = timezone.make_aware(datetime.datetime.combine(dialogue.date, datetime.time(8, 0)))
    assert timed["DTSTART"] == start.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert timed["DTSTART"].endswith("010000Z")  # 08:00 in Vietnam is 01:00 UTC
    assert timed["DURATION"] == "PT2H"
    assert re.fullmatch(r"\d{8}T\d{6}Z", timed["DTSTAMP"])
    assert unescape(timed["DESCRIPTION"]) == dialogue.summary
    assert unescape(timed["LOCATION"]) == "Hội trường Xã Thử Lịch"
    assert unescape(timed["SUMMARY"]).endswith("xã Thử Lịch")  # a unit inside a label is lower-case
    assert timed["URL"] == f"http://testserver/activities/{dialogue.pk}/"

    whole_day = by_uid[f"activity-{all_day.pk}@testserver"]
    assert whole_day["DTSTART;VALUE=DATE"] == all_day.date.strftime("%Y%m%d")
    assert whole_day["DTEND;VALUE=DATE"] == (all_day.date + datetime.timedelta(days=1)).strftime("%Y%m%d")
    assert unescape(whole_day["LOCATION"]) == "Xã Thử Lịch"


def test_calendar_lines_are_folded_at_75_octets(client, upcoming):
    body = client.get(reverse("portal:calendar_ics")).content.decode()
    physical = body.split("\r\n")[:-1]
    assert max(len(line.encode()) for line in physical) <= 75
    assert any(line.startswith(" ") for line in physical), "the long description must be folded"


def test_text_values_are_escaped():
    assert calendar.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


@pytest.mark.parametrize("text", ["x" * 200, "Đối thoại " * 40, "ệ" * 100, "a" + "ệ" * 100, "ab" + "😀" * 50])
def test_folding_never_splits_a_character_and_unfolds_to_the_line(text):
    folded = calendar.fold(f"DESCRIPTION:{text}")
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert parts[0] + "".join(part[1:] for part in parts[1:]) == f"DESCRIPTION:{text}"


def test_a_short_line_is_not_folded():
    assert calendar.fold("SUMMARY:Họp") == "SUMMARY:Họp"

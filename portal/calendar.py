"""The iCalendar (RFC 5545) feed of public events, written by hand.

Lines end with CRLF and are folded at 75 octets (never inside a UTF-8 character); text
values escape backslashes, semicolons, commas and newlines. Timed events are given in UTC
with a two-hour duration; events without a start time are all-day events.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from activities.models import Activity
from core.formatting import place, unit_in_text

LINE_LIMIT = 75
EVENT_DURATION = "PT2H"
PRODUCT_ID = "-//La Gi Front and mass organizations//Public portal//VI"


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets joined by CRLF + space."""
    encoded = line.encode()
    if len(encoded) <= LINE_LIMIT:
        return line
    parts: list[str] = []
    current = ""
    current_size = 0
    limit = LINE_LIMIT
    for char in line:
        size = len(char.encode())
        if current_size + size > limit:
            parts.append(current)
            current, current_size = "", 0
            limit = LINE_LIMIT - 1  # continuation lines start with a space
        current += char
        current_size += size
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def event_lines(activity: Activity, *, host: str, url: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:activity-{activity.pk}@{host}",
        f"DTSTAMP:{_utc(activity.updated_at)}",
    ]
    if activity.start_time is not None:
        start = timezone.make_aware(datetime.datetime.combine(activity.date, activity.start_time))
        lines += [f"DTSTART:{_utc(start)}", f"DURATION:{EVENT_DURATION}"]
    else:
        lines += [
            f"DTSTART;VALUE=DATE:{_date(activity.date)}",
            f"DTEND;VALUE=DATE:{_date(activity.date + datetime.timedelta(days=1))}",
        ]
    unit = activity.unit.name
    summary = f"{activity.get_kind_display()} – {unit_in_text(unit)}"
    # The place often names the unit already ("Hội trường UBND phường Phước Hội").
    location = activity.place if unit.casefold() in activity.place.casefold() else place(activity.place, unit)
    lines += [
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(location)}",
        f"DESCRIPTION:{escape_text(activity.summary)}",
        f"URL:{url}",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]
    return lines


def activities_calendar(activities: Iterable[Activity], *, request: HttpRequest) -> str:
    """The whole VCALENDAR of ``activities`` (published ones only: the caller's job)."""
    host = request.get_host().split(":")[0] or "localhost"
    language = translation.get_language() or settings.LANGUAGE_CODE
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(_('La Gi Front: public events'))}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
        f"X-WR-CALDESC;LANGUAGE={language}:"
        + escape_text(_("Dialogues, voter contact sessions, meetings and other public events.")),
    ]
    for activity in activities:
        url = request.build_absolute_uri(reverse("portal:activity_detail", args=[activity.pk]))
        lines += event_lines(activity, host=host, url=url)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)

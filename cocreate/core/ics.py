"""The one iCalendar (RFC 5545) writer: workshops, community events, meetings and commitment
deadlines all become ``CalendarEvent``s and are written by the ``icalendar`` library, which escapes
text (a CR or LF in a title or place can never start a new property) and folds long lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar
from django.http import HttpResponse

PRODID = "-//Cocreate//Cocreate//EN"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    start: date | datetime
    end: date | datetime | None = None  # default: an hour after a time, the same day for a date
    description: str = ""
    location: str = ""
    url: str = ""


def _moment(value: date | datetime) -> date | datetime:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _single_line(value: str) -> str:
    # Property parameters and URIs take no escaping in RFC 5545: line breaks are simply removed.
    return "".join(value.split())


def calendar(name: str, events: Iterable[CalendarEvent], *, now: datetime) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # vText always: icalendar writes an unknown (X-) property's plain str unescaped, bare CR included.
    cal.add("x-wr-calname", icalendar.vText(name))
    for item in events:
        event = icalendar.Event()
        event.add("uid", _single_line(item.uid))
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", _moment(item.start))
        end = item.end
        if end is None:
            end = item.start + (timedelta(hours=1) if isinstance(item.start, datetime) else timedelta(days=1))
        event.add("dtend", _moment(end))
        event.add("summary", icalendar.vText(item.summary))
        if item.description:
            event.add("description", icalendar.vText(item.description))
        if item.location:
            event.add("location", icalendar.vText(item.location))
        if item.url:
            event.add("url", _single_line(item.url))
        cal.add_component(event)
    return bytes(cal.to_ical())


def calendar_response(
    name: str, events: Iterable[CalendarEvent], *, now: datetime, filename: str
) -> HttpResponse:
    response = HttpResponse(calendar(name, events, now=now), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

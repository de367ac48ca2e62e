"""An iCalendar (RFC 5545) file for a workshop: CRLF lines, escaped text, UTC times."""

from __future__ import annotations

from datetime import UTC, datetime

from cocreate.workshops.models import Workshop


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded with a CRLF and a space."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def workshop_ics(workshop: Workshop, url: str) -> str:
    description = str(workshop.get_format_display())
    if workshop.accessibility:
        description += " — " + workshop.accessibility
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Cocreate//Workshops//EN",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:workshop-{workshop.pk}@cocreate",
        f"DTSTAMP:{_stamp(workshop.updated_at)}",
        f"DTSTART:{_stamp(workshop.starts_at)}",
        f"DTEND:{_stamp(workshop.ends_at)}",
        f"SUMMARY:{_escape(workshop.title)}",
        f"LOCATION:{_escape(workshop.place or workshop.online_link)}",
        f"DESCRIPTION:{_escape(description)}",
        f"URL:{url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

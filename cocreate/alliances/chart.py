"""The alliance's progress toward its target as a small inline SVG (no script, no inline style).
The same figures are always shown in a table beside it; the chart carries a title and a
description for screen readers."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cocreate.alliances.selectors import Progress

WIDTH, HEIGHT, PAD = 640, 260, 48


def progress_svg(progress: Progress, *, chart_id: str = "progress-chart") -> SafeString:
    points = progress.over_time
    top = max([progress.target, progress.pledged, *(v for _, v in points), Decimal(1)])

    def y(value: Decimal) -> float:
        return round(HEIGHT - PAD - float(value / top) * (HEIGHT - 2 * PAD), 1)

    def x(i: int) -> float:
        if len(points) <= 1:
            return PAD
        return round(PAD + i * (WIDTH - 2 * PAD) / (len(points) - 1), 1)

    title = _("Progress toward the target")
    desc = _("Reported %(reported)s of %(target)s %(unit)s; pledged %(pledged)s.") % {
        "reported": progress.reported,
        "target": progress.target,
        "unit": progress.unit,
        "pledged": progress.pledged,
    }
    parts = [
        f'<svg class="chart__svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#505a5f"/>',
    ]
    for value, label, colour, dash in (
        (progress.target, _("Target"), "#0b0c0c", ""),
        (progress.pledged, _("Pledged"), "#1d70b8", ' stroke-dasharray="6 4"'),
    ):
        parts.append(
            f'<line x1="{PAD}" y1="{y(value)}" x2="{WIDTH - PAD}" y2="{y(value)}" stroke="{colour}"{dash}/>'
            f'<text x="{WIDTH - PAD}" y="{y(value) - 4}" text-anchor="end" font-size="13" fill="{colour}">'
            f"{escape(label)} {value}</text>"
        )
    if points:
        path = " ".join(f"{x(i)},{y(v)}" for i, (_, v) in enumerate(points))
        parts.append(f'<polyline points="{path}" fill="none" stroke="#00703c" stroke-width="3"/>')
        for i, (day, value) in enumerate(points):
            parts.append(f'<circle cx="{x(i)}" cy="{y(value)}" r="4" fill="#00703c"/>')
            parts.append(
                f'<text x="{x(i)}" y="{HEIGHT - PAD + 18}" text-anchor="middle" font-size="12" '
                f'fill="#0b0c0c">'
                f"{day.isoformat()}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text part is escaped above

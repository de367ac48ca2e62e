"""QR codes for participation links: one place, one look (segno, inline SVG, no image request)."""

from __future__ import annotations

import segno
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def svg(url: str, *, scale: int = 6) -> SafeString:
    """The link as an inline SVG QR code (dark on white, sized by CSS)."""
    code = segno.make(url, error="m").svg_inline(scale=scale, dark="#0b0c0c", light="#ffffff", omitsize=True)
    # segno writes the SVG itself; the URL is only encoded in the modules, never in the markup.
    return mark_safe(str(code))  # noqa: S308


def figure(url: str, *, large: bool = False) -> SafeString:
    return format_html(
        '<div class="qr{}" aria-hidden="true">{}</div>', " qr--large" if large else "", svg(url)
    )

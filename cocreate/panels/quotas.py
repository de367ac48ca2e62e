"""The quota specification an organiser types, one line per feature value:

    Gender: woman = 48%          (a share of the population: quotas around it)
    Gender: man = 21-24          (an explicit minimum and maximum)
    Age: 16-29 = 22%

Shares become quotas of share × size, widened by a tolerance (at least one seat either way).
Every problem is reported with its line number."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

LINE = re.compile(r"^(?P<feature>[^:=]{1,80}):(?P<value>[^=]{1,80})=(?P<rule>.+)$")
RANGE = re.compile(r"^(?P<min>\d{1,4})\s*-\s*(?P<max>\d{1,4})$")
SHARE = re.compile(r"^(?P<share>\d{1,3}(?:[.,]\d+)?)\s*%$")
TOLERANCE = 0.15  # a share of 20 % on a panel of 40 gives 8 ± 1.2 → 6–10


@dataclass(frozen=True)
class ValueSpec:
    feature: str
    value: str
    minimum: int
    maximum: int
    share: float | None


def quotas_from_share(share: float, size: int) -> tuple[int, int]:
    expected = share / 100 * size
    slack = max(1.0, expected * TOLERANCE)
    return max(0, math.floor(expected - slack)), min(size, math.ceil(expected + slack))


def parse_quotas(text: str, size: int) -> tuple[list[ValueSpec], list[str]]:
    specs: list[ValueSpec] = []
    errors: list[str] = []
    seen: set[tuple[str, str]] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = LINE.match(line)
        if not match:
            errors.append(
                _("Line %(n)s: write “Feature: value = 20%%” or “Feature: value = 5-8”.") % {"n": number}
            )
            continue
        feature, value, rule = (match.group(g).strip() for g in ("feature", "value", "rule"))
        if not feature or not value:
            errors.append(_("Line %(n)s: the feature and the value need a name.") % {"n": number})
            continue
        if (feature.lower(), value.lower()) in seen:
            errors.append(
                _("Line %(n)s: “%(f)s: %(v)s” appears twice.") % {"n": number, "f": feature, "v": value}
            )
            continue
        seen.add((feature.lower(), value.lower()))
        share = None
        if m := RANGE.match(rule):
            low, high = int(m.group("min")), int(m.group("max"))
        elif m := SHARE.match(rule):
            share = float(m.group("share").replace(",", "."))
            if share > 100:
                errors.append(_("Line %(n)s: a share cannot be above 100%%.") % {"n": number})
                continue
            low, high = quotas_from_share(share, size)
        else:
            errors.append(
                _("Line %(n)s: “%(rule)s” is neither a share (20%%) nor a range (5-8).")
                % {"n": number, "rule": rule}
            )
            continue
        if low > high:
            errors.append(_("Line %(n)s: the minimum is above the maximum.") % {"n": number})
            continue
        if low > size:
            errors.append(
                _("Line %(n)s: the minimum is above the panel size (%(size)s).") % {"n": number, "size": size}
            )
            continue
        specs.append(ValueSpec(feature, value, low, min(high, size), share))
    if not specs and not errors:
        errors.append(_("Give at least one feature with its values."))
    for feature in dict.fromkeys(s.feature for s in specs):
        values = [s for s in specs if s.feature == feature]
        if sum(s.minimum for s in values) > size:
            errors.append(_("%(f)s: the minimums add up to more than the panel size.") % {"f": feature})
        if sum(s.maximum for s in values) < size:
            errors.append(_("%(f)s: the maximums add up to less than the panel size.") % {"f": feature})
    return specs, errors

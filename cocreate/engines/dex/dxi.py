"""Reading and writing DEXi's ``.dxi`` XML, so that models authored in DEXi / DEXiWin run here.

Supported: discrete scales (values, ``GROUP`` bad/good marks, ``ORDER``), tabular functions as
``<FUNCTION>`` (``LOW``, ``HIGH`` for interval rules, ``ENTERED``, weights kept verbatim) or as
DEXi Library ``<TABLE>`` rules, alternatives as ``<OPTION>`` (DEXi) or ``<ALTERNATIVE>`` (DEXi
Library) elements, attribute linking (``<SETTINGS><LINKING>``), and DEXiWin's continuous
attributes with their parents' ``<DISCRETIZE>`` functions (numbers are written as
``<ALTERNATIVE>`` elements).

Values in ``<OPTION>`` are strings of characters, one per value, counted from ``'0'`` (so
``"2"`` is the third value and ``"013"`` the set of values 0, 1 and 3); ``*`` means any value
("don't know"), an empty option or ``undef`` undefined (as dexipy reads them). Written files use
``<OPTION>`` and ``<FUNCTION>``, which DEXi, DEXiWin and dexipy all read.
"""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET

from cocreate.engines.dex.model import (
    PATH_SEPARATOR,
    UNKNOWN,
    Alternative,
    Attribute,
    AttributeInfo,
    DecisionTable,
    DexModelError,
    Discretization,
    Model,
    Order,
    Quality,
    Scale,
    ScaleValue,
    Value,
    unique_ids,
)

DXI_VERSION = "5.05"
_ORDERS = {"ASC": Order.ASCENDING, "DESC": Order.DESCENDING, "NONE": Order.NONE}
_FUNCTION_TAGS = {"LOW", "HIGH", "ENTERED"}


# ---------------------------------------------------------------------------------------------
# reading


def read_dxi(path: str | Path) -> Model:
    """Read a ``.dxi`` file. Raises :class:`DexModelError` on anything that is not a usable model."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DexModelError("", f"cannot read {path}: {exc.strerror}") from exc
    return parse_dxi(data)


def parse_dxi(text: str | bytes) -> Model:
    """Parse the XML text of a ``.dxi`` file."""
    try:
        # defusedxml over the whole document: a .dxi never carries a DTD, so any document type
        # declaration, entity or external reference anywhere is refused, not expanded.
        root = DefusedET.fromstring(text, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise DexModelError(
            "", "broken XML: document type declarations and entities are not allowed in a .dxi file"
        ) from exc
    except ET.ParseError as exc:
        raise DexModelError("", f"broken XML: {exc}") from exc
    if root.tag != "DEXi":
        raise DexModelError("", f"not a DEXi model: the root element is <{root.tag}>, expected <DEXi>")
    linking = (root.findtext("./SETTINGS/LINKING") or "").strip().upper() in ("TRUE", "T", "1")
    alt_names = _alternative_names(root)
    att_elements = root.findall("ATTRIBUTE")
    if not att_elements:
        raise DexModelError("", "the model has no attributes")

    raw_values: list[tuple[Attribute, str, list[Value]]] = []
    roots = tuple(_parse_attribute(el, "", raw_values) for el in att_elements)
    ids = unique_ids([att.name for att, _, _ in raw_values])
    n_alts = max([len(alt_names)] + [len(v) for _, _, v in raw_values])
    alt_names = alt_names + [""] * (n_alts - len(alt_names))
    alternatives = []
    for k, alt_name in enumerate(alt_names):
        values: dict[str, Value] = {}
        for att_id, (_, _, vals) in zip(ids, raw_values, strict=True):
            values[att_id] = vals[k] if k < len(vals) else None
        alternatives.append(Alternative(name=alt_name, values=values))
    model = Model(
        name=(root.findtext("NAME") or ""),
        description=(root.findtext("DESCRIPTION") or ""),
        roots=roots,
        alternatives=tuple(alternatives),
        linking=linking,
    )
    model.validate()
    return model


def _alternative_names(root: ET.Element) -> list[str]:
    names: list[str] = []
    for el in root:
        if el.tag == "OPTION":
            names.append(el.text or "")
        elif el.tag == "ALTERNATIVE":
            names.append(el.findtext("NAME") or "")
    return names


def _parse_attribute(
    el: ET.Element, prefix: str, collected: list[tuple[Attribute, str, list[Value]]]
) -> Attribute:
    name = el.findtext("NAME") or ""
    path = f"{prefix}{PATH_SEPARATOR}{name}" if prefix else name
    scale = _parse_scale(el, path)
    slot = len(collected)
    values = _parse_values(el, path, scale.continuous)
    collected.append((Attribute(name=name, scale=scale), path, values))  # placeholder, replaced below
    children = tuple(_parse_attribute(c, path, collected) for c in el.findall("ATTRIBUTE"))
    discretize_el = el.find("DISCRETIZE")
    discretize = None if discretize_el is None else _parse_discretization(discretize_el, path)
    table = None if discretize is not None else _parse_table(el, path, scale, children)
    att = Attribute(
        name=name,
        description=el.findtext("DESCRIPTION") or "",
        scale=scale,
        children=children,
        table=table,
        discretize=discretize,
    )
    collected[slot] = (att, path, values)
    return att


def _parse_scale(el: ET.Element, path: str) -> Scale:
    scale_el = el.find("SCALE")
    if scale_el is None:
        raise DexModelError(path, "the attribute has no <SCALE>")
    order_text = (scale_el.findtext("ORDER") or "ASC").strip().upper()
    if order_text not in _ORDERS:
        raise DexModelError(path, f"unknown scale order {order_text!r} (expected ASC, DESC or NONE)")
    continuous = scale_el.find("CONTINUOUS")
    if continuous is not None:
        return Scale(
            values=(),
            order=_ORDERS[order_text],
            continuous=True,
            low_point=_number(continuous.findtext("LOW") or "-inf", path),
            high_point=_number(continuous.findtext("HIGH") or "inf", path),
        )
    values = []
    for sv in scale_el.findall("SCALEVALUE"):
        group = (sv.findtext("GROUP") or "").strip().upper()
        quality = Quality.BAD if group == "BAD" else Quality.GOOD if group == "GOOD" else Quality.NEUTRAL
        values.append(
            ScaleValue(
                name=sv.findtext("NAME") or "", description=sv.findtext("DESCRIPTION") or "", quality=quality
            )
        )
    if not values:
        raise DexModelError(path, "the scale has no values")
    return Scale(values=tuple(values), order=_ORDERS[order_text])


def _parse_table(
    el: ET.Element, path: str, scale: Scale, children: tuple[Attribute, ...]
) -> DecisionTable | None:
    fn = el.find("FUNCTION")
    tab = el.find("TABLE")
    if not children:
        return None
    for child in children:
        if child.scale.continuous:
            raise DexModelError(
                path, f"the continuous input {child.name!r} needs a discretisation, not a table"
            )
    dims = tuple(c.scale.size for c in children)
    expected = math.prod(dims)
    if fn is not None:
        low_text = (fn.findtext("LOW") or "").strip()
        high_el = fn.find("HIGH")
        high_text = low_text if high_el is None else (high_el.text or "").strip()
        for label, txt in (("LOW", low_text), ("HIGH", high_text)):
            if len(txt) != expected:
                raise DexModelError(
                    path,
                    f"the decision table ({label}) has {len(txt)} rules, expected {expected} "
                    f"({'x'.join(map(str, dims))} combinations of {len(dims)} children's values)",
                )
        entered = fn.findtext("ENTERED")
        extras = tuple((c.tag, c.text or "") for c in fn if c.tag not in _FUNCTION_TAGS)
        return DecisionTable(
            low=_chars_to_ints(low_text),
            high=_chars_to_ints(high_text),
            entered=entered,
            extras=extras,
        )
    if tab is not None:
        rules: dict[tuple[int, ...], tuple[int, int]] = {}
        for rule in tab.findall("RULE"):
            args_text = rule.get("Args", "")
            try:
                args = tuple(int(a) for a in args_text.split(";")) if args_text else ()
            except ValueError as exc:
                raise DexModelError(path, f"a rule has malformed arguments {args_text!r}") from exc
            rules[args] = _rule_interval(rule.text or "", path, args)
        combos = list(itertools.product(*(range(d) for d in dims)))
        if len(rules) != expected or any(c not in rules for c in combos):
            missing = [c for c in combos if c not in rules]
            raise DexModelError(
                path,
                f"the decision table has {len(rules)} rules, expected {expected}; missing e.g. {missing[:3]}",
            )
        return DecisionTable(low=tuple(rules[c][0] for c in combos), high=tuple(rules[c][1] for c in combos))
    raise DexModelError(path, f"an aggregate attribute of {len(children)} children has no decision table")


def _rule_interval(text: str, path: str, args: tuple[int, ...]) -> tuple[int, int]:
    t = text.strip().lower()
    try:
        if t.startswith("{") and t.endswith("}"):
            members = sorted(int(float(x)) for x in t[1:-1].split(";"))
            if members != list(range(members[0], members[-1] + 1)):
                raise DexModelError(path, f"rule {args} gives a non-interval set {text}; not supported")
            return members[0], members[-1]
        if ":" in t:
            lo, hi = t.split(":")
            return int(lo), int(hi)
        v = int(t)
    except (ValueError, IndexError) as exc:
        raise DexModelError(path, f"rule {args} has an undefined or malformed value {text!r}") from exc
    return v, v


def _chars_to_ints(text: str) -> tuple[int, ...]:
    return tuple(ord(ch) - ord("0") for ch in text)


def _ints_to_chars(values: tuple[int, ...] | list[int]) -> str:
    return "".join(chr(v + ord("0")) for v in values)


def _parse_discretization(el: ET.Element, path: str) -> Discretization:
    values: list[frozenset[int]] = []
    bounds: list[float] = []
    up: list[bool] = []
    for child in el:
        if child.tag == "VALUE":
            v = _alternative_value(child.text or "", path)
            if isinstance(v, int):
                values.append(frozenset([v]))
            elif isinstance(v, frozenset):
                values.append(v)
            elif v is None:
                values.append(frozenset())
            else:
                raise DexModelError(path, f"discretisation value {child.text!r} is not a value or a set")
        elif child.tag == "BOUND":
            bounds.append(_number(child.text or "", path))
            up.append(child.get("Associate", "down").strip().upper() == "UP")
    values += [frozenset()] * (len(bounds) + 1 - len(values))  # missing values are undefined
    return Discretization(bounds=tuple(bounds), up=tuple(up), values=tuple(values))


def _number(text: str, path: str) -> float:
    try:
        return float(text)
    except ValueError as exc:
        raise DexModelError(path, f"{text!r} is not a number") from exc


def _parse_values(el: ET.Element, path: str, continuous: bool) -> list[Value]:
    out: list[Value] = []
    for child in el:
        if child.tag not in ("OPTION", "ALTERNATIVE"):
            continue
        text = child.text or ""
        if continuous:
            t = text.strip().lower()
            out.append(
                None if t == "" or t.startswith("undef") else UNKNOWN if t == UNKNOWN else _number(t, path)
            )
        elif child.tag == "OPTION":
            out.append(_option_value(text))
        else:
            out.append(_alternative_value(text, path))
    return out


def _option_value(text: str) -> Value:
    t = text.strip()
    if t == UNKNOWN:
        return UNKNOWN
    if t == "" or t.lower().startswith("undef"):
        return None
    vals = _chars_to_ints(t)
    return vals[0] if len(vals) == 1 else frozenset(vals)


def _alternative_value(text: str, path: str) -> Value:
    t = text.strip().lower()
    if t == "" or t.startswith("undef"):
        return None
    if t == UNKNOWN:
        return UNKNOWN
    try:
        if t.startswith("{") and t.endswith("}"):
            return _reduce(frozenset(int(float(x)) for x in t[1:-1].split(";")))
        if t.startswith("<") and t.endswith(">"):
            return tuple(float(x) for x in t[1:-1].split(";"))
        if ":" in t:
            lo, hi = t.split(":")
            return _reduce(frozenset(range(int(lo), int(hi) + 1)))
        return int(t)
    except ValueError as exc:
        raise DexModelError(path, f"malformed alternative value {text!r}") from exc


def _reduce(values: frozenset[int]) -> Value:
    return next(iter(values)) if len(values) == 1 else values


# ---------------------------------------------------------------------------------------------
# writing


def to_dxi(model: Model) -> str:
    """The model (with its alternatives) as ``.dxi`` XML text."""
    index = model.index()
    root = ET.Element("DEXi")
    ET.SubElement(root, "VERSION").text = DXI_VERSION
    if model.name:
        ET.SubElement(root, "NAME").text = model.name
    if model.description:
        ET.SubElement(root, "DESCRIPTION").text = model.description
    for alt in model.alternatives:
        ET.SubElement(root, "OPTION").text = alt.name
    settings = ET.SubElement(root, "SETTINGS")
    if model.linking:
        ET.SubElement(settings, "LINKING").text = "True"
    ids = iter(index.ids)
    for att in model.roots:
        _write_attribute(root, att, ids, model, index.by_id)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_dxi(model: Model, path: str | Path) -> None:
    Path(path).write_text(to_dxi(model), encoding="utf-8")


def _write_attribute(
    parent: ET.Element, att: Attribute, ids: Iterator[str], model: Model, by_id: Mapping[str, AttributeInfo]
) -> None:
    att_id = next(ids)
    path = by_id[att_id].path
    el = ET.SubElement(parent, "ATTRIBUTE")
    ET.SubElement(el, "NAME").text = att.name
    if att.description:
        ET.SubElement(el, "DESCRIPTION").text = att.description
    scale_el = ET.SubElement(el, "SCALE")
    if att.scale.order is Order.DESCENDING:
        ET.SubElement(scale_el, "ORDER").text = "DESC"
    elif att.scale.order is Order.NONE:
        ET.SubElement(scale_el, "ORDER").text = "NONE"
    if att.scale.continuous:
        cont = ET.SubElement(scale_el, "CONTINUOUS")
        if att.scale.low_point != -math.inf:
            ET.SubElement(cont, "LOW").text = _number_text(att.scale.low_point)
        if att.scale.high_point != math.inf:
            ET.SubElement(cont, "HIGH").text = _number_text(att.scale.high_point)
    for sv in att.scale.values:
        sv_el = ET.SubElement(scale_el, "SCALEVALUE")
        ET.SubElement(sv_el, "NAME").text = sv.name
        if sv.description:
            ET.SubElement(sv_el, "DESCRIPTION").text = sv.description
        if sv.quality is not Quality.NEUTRAL:
            ET.SubElement(sv_el, "GROUP").text = sv.quality.name
    if att.table is not None:
        fn = ET.SubElement(el, "FUNCTION")
        ET.SubElement(fn, "LOW").text = _ints_to_chars(att.table.low)
        if not att.table.is_crisp:
            ET.SubElement(fn, "HIGH").text = _ints_to_chars(att.table.high)
        if att.table.entered is not None:
            ET.SubElement(fn, "ENTERED").text = att.table.entered
        for tag, text in att.table.extras:
            ET.SubElement(fn, tag).text = text
    if att.discretize is not None:
        d = att.discretize
        disc = ET.SubElement(el, "DISCRETIZE")
        for i, vals in enumerate(d.values):
            ET.SubElement(disc, "VALUE").text = _set_text(vals)
            if i < len(d.bounds):
                bound = ET.SubElement(disc, "BOUND", Associate="Up" if d.up[i] else "Down")
                bound.text = _number_text(d.bounds[i])
    for alt in model.alternatives:
        value = alt.values.get(att_id)
        if att.scale.continuous:
            text = "undef" if value is None else UNKNOWN if value == UNKNOWN else _number_text(value, path)
            ET.SubElement(el, "ALTERNATIVE").text = text
        else:
            ET.SubElement(el, "OPTION").text = _option_text(value, att, path, alt.name)
    for child in att.children:
        _write_attribute(el, child, ids, model, by_id)


def _number_text(value: Value, path: str = "") -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise DexModelError(path, f"{value!r} is not a number")
    number = float(value)
    # dexipy reads whole numbers only as integers ("2", not "2.0")
    return str(int(number)) if number.is_integer() else repr(number)


def _set_text(values: frozenset[int]) -> str:
    if not values:
        return "undef"
    vals = sorted(values)
    if len(vals) == 1:
        return str(vals[0])
    if vals == list(range(vals[0], vals[-1] + 1)):
        return f"{vals[0]}:{vals[-1]}"
    return "{" + ";".join(str(v) for v in vals) + "}"


def _option_text(value: Value, att: Attribute, path: str, alt: str) -> str:
    if value is None:
        return "undef"
    if isinstance(value, str):
        if value == UNKNOWN:
            return UNKNOWN
        idx = att.scale.index(value)
        if idx is None:
            raise DexModelError(path, f"alternative {alt!r}: {value!r} is not a value of the scale")
        return _ints_to_chars([idx])
    if isinstance(value, int):
        return _ints_to_chars([value])
    if isinstance(value, frozenset):
        return "undef" if not value else _ints_to_chars(sorted(value))
    raise DexModelError(path, f"alternative {alt!r}: a distribution cannot be written as a DEXi option")

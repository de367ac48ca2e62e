"""The data of a DEX model: attributes, scales, decision tables, alternatives.

A DEX model (Jožef Stefan Institute's DEXi / DEXiWin) is a tree of attributes. Leaves ("basic"
attributes) take values; every inner ("aggregate") attribute has an ordered qualitative scale and a
decision table that maps each combination of its children's values to its own value.

Everything here is an immutable dataclass: a model read from a ``.dxi`` file, built in Python
(:mod:`.builder`) or written back compares equal field by field. Attributes are addressed by an
*id*: the attribute's name, made unique across the model by suffixes ``_1``, ``_2`` … in tree
(pre-)order — the same rule dexipy uses, so ids of plain models coincide.
"""

from __future__ import annotations

import enum
import itertools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

UNKNOWN = "*"
"""An input value meaning "don't know": the attribute's full range of values, never its lowest."""

# An input or stored value of one attribute:
#   int                -- index of a scale value (0 = first value of the scale)
#   str                -- a value's name, or UNKNOWN ("*")
#   frozenset[int]     -- a set of possible values (e.g. an interval)
#   tuple[float, ...]  -- a distribution over the scale's values (for the "prob" method)
#   float              -- a number, for a continuous attribute only
#   None               -- undefined: propagates as undefined, as in DEXi
Value = int | str | frozenset[int] | tuple[float, ...] | float | None

MAX_SCALE_SIZE = 62  # value sets travel as bit masks in 64-bit integers


class DexModelError(ValueError):
    """A problem with a model or an input, naming the attribute it concerns.

    ``attribute_path`` is the path from the root, e.g. ``"CAR / PRICE / BUY.PRICE"`` ("" for the
    model as a whole).
    """

    def __init__(self, attribute_path: str, message: str) -> None:
        self.attribute_path = attribute_path
        self.message = message
        super().__init__(f"{attribute_path}: {message}" if attribute_path else message)


class Quality(enum.Enum):
    """The DEXi "group" of a scale value: how it reads to a person."""

    BAD = "bad"
    NEUTRAL = "neutral"
    GOOD = "good"


class Order(enum.Enum):
    """Preferential order of a scale's values as listed."""

    ASCENDING = "asc"  # later values are better (the DEXi default)
    DESCENDING = "desc"  # later values are worse
    NONE = "none"  # unordered


@dataclass(frozen=True)
class ScaleValue:
    name: str
    description: str = ""
    quality: Quality = Quality.NEUTRAL


@dataclass(frozen=True)
class Scale:
    """A discrete scale of named values or, with ``continuous``, a numeric one (no values).

    On a continuous scale numbers up to ``low_point`` read as bad and from ``high_point`` as good
    (reversed when descending). Continuous attributes are leaves whose parent turns the number
    into a value by a :class:`Discretization` (DEXiWin's "discretize" function).
    """

    values: tuple[ScaleValue, ...]
    order: Order = Order.ASCENDING
    continuous: bool = False
    low_point: float = -math.inf
    high_point: float = math.inf

    @property
    def size(self) -> int:
        return len(self.values)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.values)

    def index(self, name: str) -> int | None:
        for i, v in enumerate(self.values):
            if v.name == name:
                return i
        return None

    def better(self, a: int, b: int) -> bool:
        """Whether value index ``a`` is preferred to ``b`` on this scale (False if unordered)."""
        if self.order is Order.ASCENDING:
            return a > b
        if self.order is Order.DESCENDING:
            return a < b
        return False

    def step_up(self, index: int) -> int | None:
        """The next better value's index, or None at the top (or on an unordered scale)."""
        step = {Order.ASCENDING: 1, Order.DESCENDING: -1}.get(self.order)
        if step is None:
            return None
        nxt = index + step
        return nxt if 0 <= nxt < self.size else None

    def step_down(self, index: int) -> int | None:
        """The next worse value's index, or None at the bottom (or on an unordered scale)."""
        step = {Order.ASCENDING: -1, Order.DESCENDING: 1}.get(self.order)
        if step is None:
            return None
        nxt = index + step
        return nxt if 0 <= nxt < self.size else None

    def rank(self, index: int) -> int:
        """Position from worst (0) to best (size - 1); equals ``index`` on ascending scales."""
        return self.size - 1 - index if self.order is Order.DESCENDING else index

    def score(self, index: int) -> float:
        """The 0–100 figure of a value: its position from worst (0) to best (100), in equal steps.

        A one-value scale scores 100. Unordered scales are read as listed (ascending).
        """
        if self.size <= 1:
            return 100.0
        return 100.0 * self.rank(index) / (self.size - 1)


@dataclass(frozen=True)
class DecisionTable:
    """The utility function of an aggregate attribute.

    ``low[i]`` / ``high[i]`` bound the value of rule ``i`` (equal unless the rule gives an
    interval). Rules run over the children's value combinations in row-major order: the last child
    varies fastest (DEXi's order). ``entered`` is DEXi's mask of rules entered by hand ('+') or
    derived ('-'); ``extras`` keeps other ``<FUNCTION>`` elements (weights …) for a faithful
    round trip; neither is needed to evaluate.
    """

    low: tuple[int, ...]
    high: tuple[int, ...]
    entered: str | None = None
    extras: tuple[tuple[str, str], ...] = ()

    @classmethod
    def crisp(cls, values: tuple[int, ...] | list[int]) -> DecisionTable:
        vals = tuple(values)
        return cls(low=vals, high=vals)

    @property
    def is_crisp(self) -> bool:
        return self.low == self.high

    def rule_index(self, dims: tuple[int, ...], args: tuple[int, ...]) -> int:
        idx = 0
        for d, a in zip(dims, args, strict=True):
            idx = idx * d + a
        return idx


@dataclass(frozen=True)
class Discretization:
    """Maps a number to a value: ``bounds`` cut the line into ``len(bounds) + 1`` intervals.

    ``values[i]`` is the value set of interval ``i`` (empty: undefined). Bound ``i`` belongs to
    the interval below it unless ``up[i]`` (DEXi's ``Associate="Up"``).
    """

    bounds: tuple[float, ...]
    up: tuple[bool, ...]
    values: tuple[frozenset[int], ...]

    def value(self, x: float) -> frozenset[int]:
        for i, bound in enumerate(self.bounds):
            if x < bound or (x == bound and not self.up[i]):
                return self.values[i]
        return self.values[-1]


@dataclass(frozen=True)
class Attribute:
    name: str
    scale: Scale
    children: tuple[Attribute, ...] = ()
    table: DecisionTable | None = None
    description: str = ""
    discretize: Discretization | None = None  # instead of a table, over one continuous child

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def dims(self) -> tuple[int, ...]:
        return tuple(c.scale.size for c in self.children)


@dataclass(frozen=True)
class Alternative:
    """A named set of values keyed by attribute id (as stored in a ``.dxi`` file or typed in)."""

    name: str
    values: Mapping[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class AttributeInfo:
    """Where an attribute sits in a model: computed once by :meth:`Model.index`."""

    id: str
    attribute: Attribute
    path: str
    parent: str | None
    level: int  # 1 for a root
    link: str | None  # id of the attribute whose value this leaf takes (linked models)


@dataclass(frozen=True)
class Model:
    """A DEX model. DEXi allows several top-level attributes; most models have one (``root``)."""

    name: str
    roots: tuple[Attribute, ...]
    description: str = ""
    alternatives: tuple[Alternative, ...] = ()
    linking: bool = False

    @property
    def root(self) -> Attribute:
        return self.roots[0]

    def index(self) -> ModelIndex:
        return ModelIndex.of(self)

    def validate(self) -> None:
        """Raise :class:`DexModelError` on the first problem found in the tree or the alternatives."""
        index = ModelIndex.of(self)
        for alt in self.alternatives:
            for att_id, value in alt.values.items():
                info = index.by_id.get(att_id)
                if info is None:
                    raise DexModelError("", f"alternative {alt.name!r} names {att_id!r}, not an attribute")
                _check_value(value, info.attribute.scale, info.path, alt.name)


PATH_SEPARATOR = " / "


@dataclass(frozen=True)
class ModelIndex:
    """Ids, paths, parents and links of every attribute, in tree (pre-)order."""

    model: Model
    infos: tuple[AttributeInfo, ...]
    by_id: Mapping[str, AttributeInfo]

    @classmethod
    def of(cls, model: Model) -> ModelIndex:
        if not model.roots:
            raise DexModelError("", "the model has no attributes")
        flat: list[tuple[Attribute, str, int, int | None]] = []  # attribute, path, level, parent pos

        def walk(att: Attribute, prefix: str, level: int, parent: int | None) -> None:
            path = f"{prefix}{PATH_SEPARATOR}{att.name}" if prefix else att.name
            pos = len(flat)
            flat.append((att, path, level, parent))
            for child in att.children:
                walk(child, path, level + 1, pos)

        for r in model.roots:
            walk(r, "", 1, None)
        ids = unique_ids([a.name for a, _, _, _ in flat])
        for att, path, _, _ in flat:
            check_attribute(att, path)
        links = _links(model, flat, ids) if model.linking else [None] * len(flat)
        infos = tuple(
            AttributeInfo(
                id=ids[i],
                attribute=att,
                path=path,
                parent=None if parent is None else ids[parent],
                level=level,
                link=links[i],
            )
            for i, (att, path, level, parent) in enumerate(flat)
        )
        return cls(model=model, infos=infos, by_id={i.id: i for i in infos})

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.infos]

    @property
    def input_ids(self) -> list[str]:
        """Leaves that take an input (linked leaves take their value from elsewhere)."""
        return [i.id for i in self.infos if i.attribute.is_leaf and i.link is None]

    def children_ids(self, att_id: str) -> list[str]:
        return [i.id for i in self.infos if i.parent == att_id]

    def ancestors(self, att_id: str) -> list[str]:
        out: list[str] = []
        parent = self.by_id[att_id].parent
        while parent is not None:
            out.append(parent)
            parent = self.by_id[parent].parent
        return out

    def dependants(self, att_id: str) -> list[str]:
        """Ancestors of ``att_id`` and of every leaf linked to it, nearest first, without repeats."""
        out: list[str] = []
        starts = [att_id] + [i.id for i in self.infos if i.link == att_id]
        for s in starts:
            for a in self.ancestors(s):
                if a not in out:
                    out.append(a)
        return out

    def __iter__(self) -> Iterator[AttributeInfo]:
        return iter(self.infos)


def unique_ids(names: list[str]) -> list[str]:
    """Names made unique by ``_1``, ``_2`` … suffixes, first occurrence unchanged (dexipy's rule)."""
    result: list[str] = []
    seen: set[str] = set()
    counters: dict[str, int] = {}
    for n in names:
        if n not in seen:
            result.append(n)
            seen.add(n)
            counters.setdefault(n, 0)
            continue
        k = counters.get(n, 0)
        while True:
            k += 1
            candidate = f"{n}_{k}"
            if candidate not in seen:
                break
        counters[n] = k
        result.append(candidate)
        seen.add(candidate)
    return result


def check_attribute(att: Attribute, path: str) -> None:
    """Raise :class:`DexModelError` when ``att`` (not its children) is malformed."""
    scale = att.scale
    if scale.continuous:
        if scale.values:
            raise DexModelError(path, "a continuous scale cannot have named values")
        if not att.is_leaf:
            raise DexModelError(path, "a continuous attribute must be a leaf (its parent discretises it)")
        return
    if scale.size == 0:
        raise DexModelError(path, "the scale has no values")
    if scale.size > MAX_SCALE_SIZE:
        raise DexModelError(
            path, f"the scale has {scale.size} values; at most {MAX_SCALE_SIZE} are supported"
        )
    names = scale.names
    if len(set(names)) != len(names):
        raise DexModelError(path, f"the scale repeats a value name: {', '.join(names)}")
    if att.is_leaf:
        if att.table is not None or att.discretize is not None:
            raise DexModelError(path, "a leaf attribute has a function but no children")
        return
    if att.discretize is not None:
        _check_discretization(att, path)
        return
    for child in att.children:
        if child.scale.continuous:
            raise DexModelError(
                path, f"the continuous input {child.name!r} needs a discretisation, not a table"
            )
    table = att.table
    if table is None:
        raise DexModelError(
            path, f"an aggregate attribute of {len(att.children)} children has no decision table"
        )
    dims = att.dims
    expected = math.prod(dims)
    shape = "x".join(str(d) for d in dims)
    if len(table.low) != expected or len(table.high) != len(table.low):
        raise DexModelError(
            path,
            f"the decision table has {len(table.low)} rules, expected {expected} "
            f"({shape} combinations of {len(dims)} children's values)",
        )
    for i, (lo, hi) in enumerate(zip(table.low, table.high, strict=True)):
        if not (0 <= lo <= hi < scale.size):
            args = next(itertools.islice(itertools.product(*(range(d) for d in dims)), i, None))
            what = f"{lo}" if lo == hi else f"{lo}:{hi}"
            raise DexModelError(
                path,
                f"rule {i + 1} (children's values {args}) gives value {what}, "
                f"outside the scale 0..{scale.size - 1} ({', '.join(names)})",
            )
    if table.entered is not None and len(table.entered) != expected:
        raise DexModelError(path, f"the ENTERED mask has {len(table.entered)} marks, expected {expected}")


def _check_discretization(att: Attribute, path: str) -> None:
    d = att.discretize
    assert d is not None
    if att.table is not None:
        raise DexModelError(path, "an attribute has both a decision table and a discretisation")
    if len(att.children) != 1 or not att.children[0].scale.continuous:
        raise DexModelError(path, "a discretisation needs exactly one child, on a continuous scale")
    if len(d.values) != len(d.bounds) + 1 or len(d.up) != len(d.bounds):
        raise DexModelError(
            path,
            f"a discretisation with {len(d.bounds)} bounds needs {len(d.bounds) + 1} values, "
            f"got {len(d.values)}",
        )
    if list(d.bounds) != sorted(d.bounds):
        raise DexModelError(path, f"discretisation bounds must ascend: {list(d.bounds)}")
    for i, vals in enumerate(d.values):
        bad = sorted(v for v in vals if not 0 <= v < att.scale.size)
        if bad:
            raise DexModelError(
                path,
                f"discretisation interval {i + 1} gives value {bad[0]}, "
                f"outside the scale 0..{att.scale.size - 1}",
            )


def _check_value(value: Value, scale: Scale, path: str, alt: str) -> None:
    bad: list[int] = []
    if scale.continuous:
        if not (value is None or value == UNKNOWN or isinstance(value, int | float)) or isinstance(
            value, bool
        ):
            raise DexModelError(path, f"alternative {alt!r}: {value!r} is not a number")
        return
    if isinstance(value, bool | float):
        raise DexModelError(path, f"alternative {alt!r}: {value!r} is not a value of the scale")
    elif isinstance(value, int):
        bad = [value] if not 0 <= value < scale.size else []
    elif isinstance(value, frozenset):
        bad = sorted(v for v in value if not 0 <= v < scale.size)
    elif isinstance(value, str) and value != UNKNOWN and scale.index(value) is None:
        raise DexModelError(path, f"alternative {alt!r}: {value!r} is not a value of the scale")
    elif isinstance(value, tuple) and len(value) > scale.size:
        raise DexModelError(
            path, f"alternative {alt!r}: a distribution of {len(value)} values on a scale of {scale.size}"
        )
    if bad:
        raise DexModelError(
            path,
            f"alternative {alt!r}: value {bad[0]} is out of the scale 0..{scale.size - 1} "
            f"({', '.join(scale.names)})",
        )


def _links(
    model: Model, flat: list[tuple[Attribute, str, int, int | None]], ids: list[str]
) -> list[str | None]:
    """DEXi linking: a leaf takes the value of the attribute of the same name and scale.

    The target is the one aggregate attribute of that name when there is exactly one, otherwise the
    last leaf of that name (dexipy 1.0 always takes the last leaf; the two agree unless a leaf
    shares its name with an aggregate). A leaf never links to itself or to an attribute it affects.
    """
    n = len(flat)
    parents = [p for _, _, _, p in flat]

    def affects(a: int, b: int) -> bool:  # is a below b?
        p = parents[a]
        while p is not None:
            if p == b:
                return True
            p = parents[p]
        return False

    out: list[str | None] = [None] * n
    for i, (att, _, _, _) in enumerate(flat):
        if not att.is_leaf:
            continue
        same = [j for j in range(n) if flat[j][0].name == att.name]
        aggs = [j for j in same if not flat[j][0].is_leaf]
        leaves = [j for j in same if flat[j][0].is_leaf]
        target = aggs[0] if len(aggs) == 1 else leaves[-1]
        if target == i or affects(i, target) or flat[target][0].scale != att.scale:
            continue
        out[i] = ids[target]
    # a link to a leaf that is itself linked resolves to the final target
    for i in range(n):
        seen = {i}
        t = out[i]
        while t is not None:
            j = ids.index(t)
            if j in seen or out[j] is None:
                break
            seen.add(j)
            t = out[j]
        out[i] = t
    return out

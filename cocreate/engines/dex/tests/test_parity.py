"""Our evaluator gives exactly dexipy's results.

dexipy (by the DEX author) is a test-only dependency; these tests skip when it is missing.
Compared: every alternative stored in dexipy's own test models, random alternatives (with
"don't know" and value sets) on those models, and random models written by our exporter and
read back by dexipy — by the "set" method and the "prob" method.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from cocreate.engines.dex import (
    UNKNOWN,
    Alternative,
    CompiledModel,
    Model,
    Value,
    parse_dxi,
    read_dxi,
    to_dxi,
)
from cocreate.engines.dex.tests.models import DATA, DEXIPY_MODELS, random_alternatives, random_model

dexi = pytest.importorskip("dexipy.dexi")
dexi_eval = pytest.importorskip("dexipy.eval")


def _to_dexipy(value: Value) -> Any:
    if isinstance(value, frozenset):
        return set(value)
    return value


def _as_set(value: Any) -> frozenset[int]:
    if value is None:
        return frozenset()
    if isinstance(value, int):
        return frozenset([value])
    if isinstance(value, list):
        return frozenset(i for i, x in enumerate(value) if x > 0)
    return frozenset(value)


def _as_distribution(value: Any, size: int) -> tuple[float, ...] | None:
    if value is None:
        return None
    if isinstance(value, int):
        return tuple(1.0 if i == value else 0.0 for i in range(size))
    if isinstance(value, set | frozenset):
        return tuple(1.0 / len(value) if i in value else 0.0 for i in range(size))
    total = sum(value)
    padded = list(value) + [0.0] * (size - len(value))
    return tuple(x / total for x in padded)


def _compare(ours: Model, theirs: Any, alternatives: Sequence[Mapping[str, Value]]) -> int:
    """Evaluate ``alternatives`` (keyed by our ids) with both; return the number of values compared."""
    cm = CompiledModel(ours)
    their_ids = [a.id for a in theirs.non_root]
    assert len(their_ids) == len(cm.ids)
    to_theirs = dict(zip(cm.ids, their_ids, strict=True))
    alts = [{to_theirs[k]: _to_dexipy(v) for k, v in alt.items()} for alt in alternatives]
    compared = 0
    by_set = dexi_eval.evaluate(theirs, alts, method="set")
    by_prob = dexi_eval.evaluate(theirs, alts, method="prob")
    for alt, their_set, their_prob in zip(alternatives, by_set, by_prob, strict=True):
        ours_set = cm.evaluate(alt)
        ours_prob = cm.evaluate_prob(alt)
        for p, att_id in enumerate(cm.ids):
            theirs_id = to_theirs[att_id]
            if cm.scales[p].continuous:
                assert ours_set.numbers[att_id] == their_set[theirs_id] == their_prob[theirs_id], (
                    att_id,
                    alt,
                )
                assert ours_prob[att_id] is None
                compared += 1
                continue
            assert ours_set.values[att_id] == _as_set(their_set[theirs_id]), (att_id, alt)
            expected = _as_distribution(their_prob[theirs_id], cm.scales[p].size)
            got = ours_prob[att_id]
            if expected is None:
                assert got is None, (att_id, alt)
            else:
                assert got is not None, (att_id, alt)
                assert all(math.isclose(a, b, abs_tol=1e-9) for a, b in zip(got, expected, strict=True)), (
                    att_id,
                    alt,
                    got,
                    expected,
                )
            compared += 1
    return compared


@pytest.mark.parametrize("filename", DEXIPY_MODELS)
def test_stored_alternatives_of_dexipy_test_models(filename: str) -> None:
    path = DATA / filename
    ours = read_dxi(path)
    theirs = dexi.read_dexi(str(path))
    assert len(ours.alternatives) == len(theirs.alternatives)
    _compare(ours, theirs, [dict(a.values) for a in ours.alternatives])


@pytest.mark.parametrize("filename", DEXIPY_MODELS)
def test_random_alternatives_on_dexipy_test_models(filename: str) -> None:
    path = DATA / filename
    ours = read_dxi(path)
    theirs = dexi.read_dexi(str(path))
    rng = random.Random(filename)
    alts = [dict(a.values) for a in random_alternatives(rng, ours, 40, unknown=0.25)]
    assert _compare(ours, theirs, alts) == len(alts) * len(CompiledModel(ours).ids) > 0


@pytest.mark.parametrize("seed", range(12))
def test_random_models_written_by_us_and_read_by_dexipy(seed: int) -> None:
    rng = random.Random(seed)
    model = random_model(rng)
    alts = random_alternatives(rng, model, 25)
    model = Model(name=model.name, roots=model.roots, alternatives=tuple(alts))
    theirs = dexi.read_dexi_from_string(to_dxi(model))
    # dexipy reads our export identically: same structure, scales, tables and alternatives
    assert [a.name for a in theirs.non_root] == [i.attribute.name for i in model.index()]
    for info, att in zip(model.index(), theirs.non_root, strict=True):
        assert att.scale.values == list(info.attribute.scale.names)
        if info.attribute.table is not None:
            rules = att.funct.value_vector()
            table = info.attribute.table
            assert [_as_set(r) for r in rules] == [
                frozenset(range(lo, hi + 1)) for lo, hi in zip(table.low, table.high, strict=True)
            ]
    for ours_alt, their_alt in zip(model.alternatives, theirs.alternatives, strict=True):
        for info, att in zip(model.index(), theirs.non_root, strict=True):
            v = ours_alt.values.get(info.id)
            assert their_alt[att.id] == (v if v == UNKNOWN or not isinstance(v, frozenset) else set(v))
    _compare(model, theirs, [dict(a.values) for a in alts])


def _dexipy_signature(model: Any) -> tuple[Any, ...]:
    """Everything dexipy reads from a file: structure, scales, tables, links and alternatives."""
    atts = []
    for att in model.non_root:
        scale, funct = att.scale, att.funct
        if funct is None:
            rules = None
        elif hasattr(funct, "value_vector"):
            rules = tuple(str(v) for v in funct.value_vector())
        else:  # a discretisation
            rules = (tuple(funct.bounds), tuple(funct.assoc), tuple(str(v) for v in funct.values))
        atts.append(
            (
                att.id,
                att.name,
                att.description,
                att.level(),
                scale.scale_str(),
                tuple(getattr(scale, "descriptions", ())),
                tuple(getattr(scale, "quality", ())),
                rules,
                None if att.link is None else att.link.id,
            )
        )
    return model.name, model.description, model.linking, tuple(atts), repr(model.alternatives)


@pytest.mark.parametrize("filename", DEXIPY_MODELS)
def test_exported_dexipy_models_read_back_identically(filename: str) -> None:
    ours = read_dxi(DATA / filename)
    text = to_dxi(ours)
    assert parse_dxi(text) == ours
    again = dexi.read_dexi_from_string(text)
    original = dexi.read_dexi(str(DATA / filename))
    assert _dexipy_signature(again) == _dexipy_signature(original)
    assert dexi_eval.evaluate(again, again.alternatives) == dexi_eval.evaluate(
        original, original.alternatives
    )


def test_parity_counts() -> None:
    """How much is compared (the figure reported with the engine)."""
    total_alts = 0
    for filename in DEXIPY_MODELS:
        total_alts += len(read_dxi(DATA / filename).alternatives)
    assert total_alts == 34
    assert isinstance(Alternative(name="x"), Alternative)

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate.engines.dex import (
    UNKNOWN,
    Attribute,
    CompiledModel,
    DecisionTable,
    DexModelError,
    Order,
    build_model,
    function_table,
    is_monotone,
    leaf,
    model_is_monotone,
    node,
    rules_table,
    scale,
    weighted_table,
)
from cocreate.engines.dex.model import Value
from cocreate.engines.dex.tests.models import LMH, REVERSED, YES_NO, random_model, readiness_like

FAST = settings(max_examples=40, deadline=None)


def test_scales_mark_the_ends() -> None:
    assert [v.quality.value for v in YES_NO.values] == ["bad", "good"]
    assert [v.quality.value for v in REVERSED.values] == ["bad", "good"]  # "no" is favourable
    assert [v.quality.value for v in LMH.values] == ["bad", "neutral", "good"]
    unordered = scale("a", "b", order=Order.NONE)
    assert [v.quality.value for v in unordered.values] == ["neutral", "neutral"]


def test_weighted_table() -> None:
    a, b = leaf("a", YES_NO), leaf("b", LMH)
    t = weighted_table([a, b], LMH, weights=[1, 1])
    # mean of positions: (0,0)=0 (0,.5)=.25 (0,1)=.5 (1,0)=.5 (1,.5)=.75 (1,1)=1, cut at .25 / .75
    assert t.low == (0, 1, 1, 1, 2, 2)
    capped = weighted_table([a, b], LMH, weights=[1, 1], floor_by={0: 0})
    assert capped.low == (0, 0, 0, 1, 2, 2)  # a "no" on a caps the result at low
    custom = weighted_table([a, b], LMH, weights=[3, 1], thresholds=[0.5, 0.9])
    assert custom.low == (0, 0, 0, 1, 1, 2)
    with pytest.raises(DexModelError, match="weights"):
        weighted_table([a, b], LMH, weights=[1])
    with pytest.raises(DexModelError, match="thresholds"):
        weighted_table([a, b], LMH, thresholds=[0.9, 0.1])


def test_rules_and_function_tables() -> None:
    a, b = leaf("a", YES_NO), leaf("b", YES_NO)
    t = rules_table(
        [a, b], LMH, {("no", "no"): "low", ("no", "yes"): 1, ("yes", "no"): 1, ("yes", "yes"): "high"}
    )
    assert t == DecisionTable.crisp([0, 1, 1, 2])
    assert function_table([a, b], LMH, sum) == t
    with pytest.raises(DexModelError, match="holes"):
        rules_table([a, b], LMH, {("no", "no"): 0})
    with pytest.raises(DexModelError, match="not a value"):
        rules_table([a, b], LMH, {("no", "maybe"): 0})
    with pytest.raises(DexModelError, match="outside the output scale"):
        function_table([a, b], LMH, lambda args: 3)


def test_builder_validation_names_the_attribute() -> None:
    a, b = leaf("a", YES_NO), leaf("b", YES_NO)
    with pytest.raises(DexModelError) as info:
        build_model(
            "m",
            node(
                "top",
                LMH,
                [node("mid", LMH, [a, b], DecisionTable.crisp([0, 1, 2])), b],
                DecisionTable.crisp([0] * 6),
            ),
        )
    assert info.value.attribute_path == "top / mid"
    assert "3 rules, expected 4" in info.value.message
    with pytest.raises(DexModelError, match="outside the scale") as info:
        build_model("m", node("top", YES_NO, [a], DecisionTable.crisp([0, 2])))
    assert info.value.attribute_path == "top"
    with pytest.raises(DexModelError, match="repeats"):
        build_model("m", leaf("x", scale("a", "a")))
    with pytest.raises(DexModelError, match="no decision table"):
        build_model("m", Attribute(name="x", scale=LMH, children=(a,)))
    with pytest.raises(DexModelError, match="no attributes"):
        build_model("m")


def test_readiness_sized_model() -> None:
    model = readiness_like()
    index = model.index()
    assert len(index.input_ids) == 24 and max(i.level for i in index) == 4
    assert model_is_monotone(model)


@FAST
@given(st.data())
def test_weighted_tables_are_always_monotone(data: st.DataObject) -> None:
    sizes = data.draw(st.lists(st.integers(2, 5), min_size=1, max_size=4))
    orders = data.draw(
        st.lists(
            st.sampled_from([Order.ASCENDING, Order.DESCENDING]), min_size=len(sizes), max_size=len(sizes)
        )
    )
    kids = [
        leaf(f"c{i}", scale(*[str(v) for v in range(n)], order=o))
        for i, (n, o) in enumerate(zip(sizes, orders, strict=True))
    ]
    weights = data.draw(st.lists(st.floats(0.1, 5), min_size=len(kids), max_size=len(kids)))
    out_order = data.draw(st.sampled_from([Order.ASCENDING, Order.DESCENDING]))
    out = scale(*[f"o{v}" for v in range(data.draw(st.integers(2, 5)))], order=out_order)
    floor_by = data.draw(
        st.dictionaries(st.integers(0, len(kids) - 1), st.integers(0, out.size - 1), max_size=2)
    )
    assert is_monotone(node("n", out, kids, weighted_table(kids, out, weights, floor_by=floor_by)))


@FAST
@given(seed=st.integers(0, 10_000), data=st.data())
def test_improving_an_answer_never_lowers_a_monotone_result(seed: int, data: st.DataObject) -> None:
    model = random_model(random.Random(seed), monotone=True)
    assert model_is_monotone(model)
    cm = CompiledModel(model)
    response = {i: data.draw(st.integers(0, cm.scales[cm.position[i]].size - 1)) for i in cm.input_ids}
    which = data.draw(st.sampled_from(cm.input_ids))
    better = cm.scales[cm.position[which]].step_up(response[which])
    if better is None:
        return
    before = cm.evaluate(response)
    after = cm.evaluate(dict(response, **{which: better}))
    for p, att_id in enumerate(cm.ids):
        s = cm.scales[p]
        (old,), (new,) = before.value(att_id), after.value(att_id)
        assert not s.better(old, new), (att_id, old, new)


@FAST
@given(seed=st.integers(0, 10_000), data=st.data())
def test_unknown_covers_every_answer(seed: int, data: st.DataObject) -> None:
    """In a tree, the set for "don't know" is exactly the union of the results of every answer."""
    cm = CompiledModel(random_model(random.Random(seed)))
    response = {i: data.draw(st.integers(0, cm.scales[cm.position[i]].size - 1)) for i in cm.input_ids}
    which = data.draw(st.sampled_from(cm.input_ids))
    unknown = cm.evaluate(dict(response, **{which: UNKNOWN}))
    each = [cm.evaluate(dict(response, **{which: v})) for v in range(cm.scales[cm.position[which]].size)]
    for att_id in cm.ids:
        assert unknown.value(att_id) == frozenset().union(*(e.value(att_id) for e in each))


@FAST
@given(seed=st.integers(0, 10_000), data=st.data())
def test_prob_and_set_methods_agree_on_what_is_possible(seed: int, data: st.DataObject) -> None:
    """A distribution sums to one and is positive exactly on the set the set method gives."""
    cm = CompiledModel(random_model(random.Random(seed)))
    response: dict[str, Value] = {}
    for i in cm.input_ids:
        size = cm.scales[cm.position[i]].size
        response[i] = data.draw(st.one_of(st.integers(0, size - 1), st.just(UNKNOWN)))
    by_set = cm.evaluate(response)
    by_prob = cm.evaluate_prob(response)
    for att_id in cm.ids:
        dist = by_prob[att_id]
        assert dist is not None
        assert abs(sum(dist) - 1.0) < 1e-9
        assert frozenset(k for k, p in enumerate(dist) if p > 0) == by_set.value(att_id)

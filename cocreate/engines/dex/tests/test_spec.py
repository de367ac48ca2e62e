"""A model declared as data (spec.ModelSpec, or TOML read by spec.parse_spec) builds into the model its
declaration describes, and a faulty declaration says where it is wrong."""

from __future__ import annotations

import pytest

from cocreate.engines.dex import DexModelError, leaf, model_is_monotone, scale, weighted_table
from cocreate.engines.dex.spec import Leaf, ModelSpec, Node, parse_spec
from cocreate.engines.dex.tests.models import LMH, REVERSED, YES_NO


def _spec(root: Node, **leaves: Leaf) -> ModelSpec:
    return ModelSpec(
        name="m", scale=LMH, leaves=leaves or {"a": Leaf("A", YES_NO), "b": Leaf("B", LMH)}, root=root
    )


def test_a_declaration_builds_its_tree_in_order() -> None:
    inner = Node("inner", "the inner one", ("b", "c"))
    model = _spec(
        Node("top", "the top", ("a", inner), weights=(2, 1)),
        a=Leaf("A", YES_NO),
        b=Leaf("B", LMH),
        c=Leaf("C", REVERSED),
    ).build()
    index = model.index()
    assert index.ids == ["top", "a", "inner", "b", "c"] and index.input_ids == ["a", "b", "c"]
    assert index.by_id["c"].attribute.scale == REVERSED and index.by_id["a"].attribute.description == "A"
    assert (
        index.by_id["inner"].attribute.scale == LMH
        and index.by_id["inner"].attribute.description == "the inner one"
    )
    assert model_is_monotone(model)


def test_defaults_are_equal_weights_and_equal_steps() -> None:
    model = _spec(Node("n", "", ("a", "b"))).build()
    a, b = leaf("a", YES_NO, "A"), leaf("b", LMH, "B")
    assert model.root.table == weighted_table([a, b], LMH, weights=[1, 1], thresholds=[0.25, 0.75])


def test_caps_name_the_knock_out_child() -> None:
    capped = _spec(Node("n", "", ("a", "b"), weights=(1, 1), caps={"b": 0})).build().root.table
    assert capped is not None and capped.low == (0, 1, 1, 0, 2, 2)  # b at its worst holds n at low
    capped = _spec(Node("n", "", ("a", "b"), weights=(1, 1), caps={"a": 0})).build().root.table
    assert capped is not None and capped.low == (0, 0, 0, 1, 2, 2)


@pytest.mark.parametrize(
    "root,problem",
    [
        (Node("n", "", ("a", "b", "x")), "x: is not a leaf of the model"),
        (Node("n", "", ("a", "b", "a")), "a: is used twice"),
        (Node("n", "", ("a",)), "leaves not in the tree: b"),
        (Node("n", "", ("a", "b"), caps={"z": 0}), "n: caps name z, which are not its children"),
        (Node("n", "", ("a", "b"), weights=(1,)), "weights"),
    ],
)
def test_a_faulty_declaration_names_its_fault(root: Node, problem: str) -> None:
    with pytest.raises(DexModelError, match=problem):
        _spec(root).build()


# --- declared in TOML ------------------------------------------------------------------------------

EXAMPLE = """
name = "Readiness"
root = "READY"
inner_scale = "level"

[scales]
answer = { values = ["no", "partly", "yes"] }
level = { values = ["low", "medium", "high"], descriptions = ["not yet", "nearly", "ready"] }

[leaves]
SPONSOR = { scale = "answer", description = "A senior sponsor" }
BUDGET = { scale = "answer" }
TEAM = { scale = "answer" }

[nodes.READY]
description = "Ready to start"
children = ["SPONSOR", "MEANS"]
weights = [2, 1]
caps = { SPONSOR = "low" }

[nodes.MEANS]
children = ["BUDGET", "TEAM"]
thresholds = [0.5, 0.9]
"""


def test_a_toml_declaration_is_the_same_spec_as_in_python() -> None:
    answer, level = (
        scale("no", "partly", "yes"),
        scale("low", "medium", "high", descriptions=["not yet", "nearly", "ready"]),
    )
    means = Node("MEANS", "", ("BUDGET", "TEAM"), thresholds=[0.5, 0.9])
    expected = ModelSpec(
        name="Readiness",
        scale=level,
        leaves={
            "SPONSOR": Leaf("A senior sponsor", answer),
            "BUDGET": Leaf("", answer),
            "TEAM": Leaf("", answer),
        },
        root=Node("READY", "Ready to start", ("SPONSOR", means), weights=[2, 1], caps={"SPONSOR": 0}),
    )
    parsed = parse_spec(EXAMPLE)
    assert parsed == expected
    assert parsed.build() == expected.build()
    assert parsed.build().index().input_ids == ["SPONSOR", "BUDGET", "TEAM"]


@pytest.mark.parametrize(
    "change,problem",
    [
        (("weights = [2, 1]", "weight = [2, 1]"), "READY: unknown key.*weight"),
        (('root = "READY"', 'root = "SPONSOR"'), "the root 'SPONSOR' is not one of the nodes"),
        (
            ('inner_scale = "level"', 'inner_scale = "levels"'),
            "inner_scale: the scale 'levels' is not declared",
        ),
        (
            ('TEAM = { scale = "answer" }', 'TEAM = { scale = "yes_no" }'),
            "TEAM: the scale 'yes_no' is not declared",
        ),
        (('caps = { SPONSOR = "low" }', 'caps = { SPONSOR = "none" }'), "READY: caps SPONSOR at 'none'"),
        (
            ('children = ["SPONSOR", "MEANS"]', 'children = ["SPONSOR", "BUDGET"]'),
            "nodes not in the tree: MEANS",
        ),
        (('children = ["BUDGET", "TEAM"]', 'children = ["BUDGET", "TEAM", "MEANS"]'), "MEANS: is used twice"),
        (
            ('TEAM = { scale = "answer" }', 'MEANS = { scale = "answer" }'),
            "ids used for a leaf and a node: MEANS",
        ),
        (('name = "Readiness"', ""), "'name' is missing"),
        (('name = "Readiness"', "name = Readiness"), "not valid TOML"),
    ],
)
def test_a_faulty_toml_declaration_names_its_fault(change: tuple[str, str], problem: str) -> None:
    assert change[0] in EXAMPLE
    with pytest.raises(DexModelError, match=problem):
        parse_spec(EXAMPLE.replace(change[0], change[1], 1)).build()

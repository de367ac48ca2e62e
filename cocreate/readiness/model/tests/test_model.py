"""The Co-Ready model: its tree, its knock-outs and weights, its roadmap (what every shipped model must
satisfy is in tests/test_shipped_models.py)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from cocreate.assessments.tests.model_checks import assert_tree, bilingual_texts, model_fixtures
from cocreate.engines.dex import CompiledModel, Model, Quality, explain
from cocreate.readiness.shipped import MODEL

TREE: dict[str, list[str]] = {
    "READINESS": ["CAPACITY", "INTERNAL", "CONTEXT"],
    "CAPACITY": ["RESOURCES", "SKILLS", "ENGAGEMENT", "LEARNING"],
    "RESOURCES": ["LEADERSHIP", "STRATEGY", "BUDGET"],
    "SKILLS": ["FACILITATION", "EXPERIENCE", "DIGITAL_TOOLS"],
    "ENGAGEMENT": ["COMMUNICATION", "MOBILISATION", "USER_INSIGHT"],
    "LEARNING": ["EVALUATION", "OPEN_DATA", "COLLABORATION"],
    "INTERNAL": ["ATTITUDES", "CONDITIONS"],
    "ATTITUDES": ["USERS_AS_PARTNERS", "POWER_SHARING", "RISK_TOLERANCE", "AWARENESS"],
    "CONDITIONS": ["INCENTIVES", "TIME", "MIDDLE_MANAGERS"],
    "CONTEXT": ["POLITICS_LAW", "SOCIETY"],
    "POLITICS_LAW": ["POLITICAL_BACKING", "LEGAL_ROOM", "TRADITION"],
    "SOCIETY": ["CITIZEN_TRUST", "CIVIL_SOCIETY", "DIGITAL_SKILLS", "PARTNER_NETWORKS"],
}
LEAVES = [c for children in TREE.values() for c in children if c not in TREE]


model, compiled, content = model_fixtures(MODEL)


def _all(compiled: CompiledModel, best: bool) -> dict[str, int]:
    index = compiled.model.index()
    return {i: index.by_id[i].attribute.scale.size - 1 if best else 0 for i in compiled.input_ids}


# --- the model -----------------------------------------------------------------------------------


def test_tree_and_ids(model: Model) -> None:
    assert len(LEAVES) == 26  # the COGOV readiness model's 26 basic attributes
    assert_tree(model, "READINESS", TREE)


def test_scales(model: Model) -> None:
    index = model.index()
    for info in index:
        s = info.attribute.scale
        expected = ("low", "medium", "high")
        if info.attribute.is_leaf:
            expected = ("strong", "moderate", "weak") if info.id == "TRADITION" else ("no", "partly", "yes")
        assert s.names == expected, info.id
        assert [v.quality for v in s.values] == [Quality.BAD, Quality.NEUTRAL, Quality.GOOD]


def test_extremes(compiled: CompiledModel) -> None:
    assert compiled.evaluate(_all(compiled, best=True)).crisp("READINESS") == 2
    assert compiled.evaluate(_all(compiled, best=False)).crisp("READINESS") == 0
    middle = {i: 1 for i in compiled.input_ids}
    assert compiled.evaluate(middle).crisp("READINESS") == 1


@pytest.mark.parametrize(
    "leaf,capped",
    [
        ("FACILITATION", "SKILLS"),
        ("COMMUNICATION", "ENGAGEMENT"),
        ("POWER_SHARING", "ATTITUDES"),
        ("TIME", "CONDITIONS"),
        ("LEGAL_ROOM", "POLITICS_LAW"),
        ("CITIZEN_TRUST", "SOCIETY"),
    ],
)
def test_knock_outs_cap_at_medium(compiled: CompiledModel, leaf: str, capped: str) -> None:
    answers = _all(compiled, best=True)
    answers[leaf] = 0
    ev = compiled.evaluate(answers)
    assert ev.crisp(capped) == 1  # everything else is at its best: the missing element caps it
    assert leaf in explain(compiled, ev)[capped].weak


@pytest.mark.parametrize("leaf", ["LEADERSHIP", "BUDGET"])
def test_no_sponsor_or_no_budget_caps_the_overall_readiness(compiled: CompiledModel, leaf: str) -> None:
    """The rule itself: every other answer at its best, and the one "no" still holds READINESS
    below high (at medium, the lowest-but-one level), through low RESOURCES and low CAPACITY."""
    answers = _all(compiled, best=True)
    assert compiled.evaluate(answers).crisp("READINESS") == 2
    answers[leaf] = 0
    ev = compiled.evaluate(answers)
    assert ev.crisp("READINESS") == 1
    assert ev.crisp("CAPACITY") == 0 and ev.crisp("RESOURCES") == 0
    assert leaf in explain(compiled, ev)["RESOURCES"].weak
    # "partly" is not a knock-out: a sponsor or budget in part still allows high readiness
    answers[leaf] = 1
    assert compiled.evaluate(answers).crisp("READINESS") == 2


@pytest.mark.parametrize("leaf", ["LEADERSHIP", "BUDGET"])
def test_no_sponsor_or_no_budget_caps_readiness_in_every_case(model: Model, leaf: str) -> None:
    """Exhaustively over the tables: whatever the other inputs, a "no" never reaches high."""
    index = model.index()
    resources = index.by_id["RESOURCES"].attribute.table
    capacity = index.by_id["CAPACITY"].attribute.table
    readiness = index.by_id["READINESS"].attribute.table
    assert resources is not None and capacity is not None and readiness is not None
    position = TREE["RESOURCES"].index(leaf)
    for others in itertools.product(range(3), repeat=2):
        args = list(others)
        args.insert(position, 0)
        assert resources.low[resources.rule_index((3, 3, 3), tuple(args))] == 0
    for others in itertools.product(range(3), repeat=3):
        assert capacity.low[capacity.rule_index((3, 3, 3, 3), (0, *others))] == 0
    for others in itertools.product(range(3), repeat=2):
        assert readiness.high[readiness.rule_index((3, 3, 3), (0, *others))] <= 1


@pytest.mark.parametrize("category", ["CAPACITY", "INTERNAL", "CONTEXT"])
def test_readiness_is_high_only_if_no_category_is_low(model: Model, category: str) -> None:
    index = model.index()
    table = index.by_id["READINESS"].attribute.table
    assert table is not None
    position = TREE["READINESS"].index(category)
    dims = (3, 3, 3)
    for a in range(3):
        for b in range(3):
            args = [a, b]
            args.insert(position, 0)
            assert table.low[table.rule_index(dims, tuple(args))] <= 1


def test_capacity_weighs_most(compiled: CompiledModel) -> None:
    table = compiled.model.index().by_id["READINESS"].attribute.table
    assert table is not None
    at = lambda *args: table.low[table.rule_index((3, 3, 3), args)]  # noqa: E731
    # high capacity offsets one weak category better than a high internal or context does
    assert at(2, 0, 1) >= at(0, 2, 1) and at(2, 0, 1) >= at(1, 0, 2)
    assert at(2, 1, 1) == 2 and at(1, 2, 1) == 1 and at(1, 1, 2) == 1


# --- the texts -----------------------------------------------------------------------------------


def test_the_texts(content: dict[str, Any]) -> None:
    assert set(content) == {"attributes", "values", "questions", "roadmap"}
    assert len(bilingual_texts(content)) > 300


def test_roadmap_has_an_idea_and_a_practice_for_every_leaf(content: dict[str, Any]) -> None:
    roadmap = content["roadmap"]
    assert {e["attribute"] for e in roadmap} == set(LEAVES)
    for leaf in LEAVES:
        kinds = [e["kind"] for e in roadmap if e["attribute"] == leaf]
        assert len(kinds) >= 2 and "idea" in kinds and "practice" in kinds, leaf
    for e in roadmap:
        assert set(e) == {"attribute", "kind", "title", "body"}
        assert e["kind"] in ("idea", "practice")

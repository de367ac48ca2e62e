"""The Co-Master model: its tree, its knock-outs and weights, its two questionnaires and roadmap (what
every shipped model must satisfy is in tests/test_shipped_models.py)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from cocreate.assessments.tests.model_checks import LANGS, assert_tree, bilingual_texts, model_fixtures
from cocreate.engines.dex import CompiledModel, Model, Quality, explain
from cocreate.quality.shipped import MODEL

TREE: dict[str, list[str]] = {
    "QUALITY": ["MOBILISATION", "COCREATION", "EFFECTS"],
    "MOBILISATION": ["SETUP", "REACH"],
    "SETUP": ["FRAMING", "TRANSPARENCY", "STAKEHOLDER_MAP"],
    "REACH": ["REPRESENTATIVENESS", "INCLUSION", "OUTREACH"],
    "COCREATION": ["DIALOGUE", "DELIBERATION"],
    "DIALOGUE": ["EQUAL_VOICE", "RESPECT", "FACILITATION"],
    "DELIBERATION": ["INFORMATION", "TIME", "DIVERSE_VIEWS"],
    "EFFECTS": ["IMPACT", "CONTINUITY"],
    "IMPACT": ["INFLUENCE", "FEEDBACK", "IMPLEMENTATION", "SATISFACTION"],
    "CONTINUITY": ["LEARNING", "TRUST", "RETURN"],
}
LEAVES = [c for children in TREE.values() for c in children if c not in TREE]
QUESTIONNAIRES = ("questions_organisers", "questions_participants")


model, compiled, content = model_fixtures(MODEL)


def _all(value: int) -> dict[str, int]:
    return dict.fromkeys(LEAVES, value)


def _table(model: Model, att_id: str) -> dict[tuple[int, ...], int]:
    table = model.index().by_id[att_id].attribute.table
    assert table is not None
    k = len(TREE[att_id])
    dims = (3,) * k
    return {args: table.low[table.rule_index(dims, args)] for args in itertools.product(range(3), repeat=k)}


# --- the model -----------------------------------------------------------------------------------


def test_tree_and_ids(model: Model) -> None:
    assert len(LEAVES) == 19  # the COGOV co-creation assessment model's 19 basic attributes
    assert_tree(model, "QUALITY", TREE)


def test_scales(model: Model) -> None:
    for info in model.index():
        s = info.attribute.scale
        expected = ("no", "partly", "yes") if info.attribute.is_leaf else ("low", "medium", "high")
        assert s.names == expected, info.id
        assert [v.quality for v in s.values] == [Quality.BAD, Quality.NEUTRAL, Quality.GOOD]


def test_extremes(compiled: CompiledModel) -> None:
    best, worst, middle = (compiled.evaluate(_all(v)) for v in (2, 0, 1))
    for att in TREE:
        assert (best.crisp(att), middle.crisp(att), worst.crisp(att)) == (2, 1, 0), att


def test_no_influence_is_tokenism(compiled: CompiledModel) -> None:
    answers = _all(2)
    answers["INFLUENCE"] = 0
    ev = compiled.evaluate(answers)
    assert ev.crisp("IMPACT") == 0
    assert ev.crisp("EFFECTS") == 1 and ev.crisp("QUALITY") == 1
    assert "INFLUENCE" in explain(compiled, ev)["IMPACT"].weak


@pytest.mark.parametrize(
    "leaf,capped",
    [
        ("FRAMING", "SETUP"),
        ("TRANSPARENCY", "SETUP"),
        ("INCLUSION", "REACH"),
        ("EQUAL_VOICE", "DIALOGUE"),
        ("RESPECT", "DIALOGUE"),
        ("INFORMATION", "DELIBERATION"),
        ("FEEDBACK", "IMPACT"),
    ],
)
def test_knock_outs_cap_at_medium(compiled: CompiledModel, leaf: str, capped: str) -> None:
    answers = _all(2)
    answers[leaf] = 0
    ev = compiled.evaluate(answers)
    assert ev.crisp(capped) == 1  # everything else is at its best: the missing element caps it
    assert leaf in explain(compiled, ev)[capped].weak


def test_unsatisfied_users_keep_impact_below_high(compiled: CompiledModel) -> None:
    answers = _all(2)
    answers["SATISFACTION"] = 0
    ev = compiled.evaluate(answers)
    assert ev.crisp("IMPACT") == 1
    assert "SATISFACTION" in explain(compiled, ev)["IMPACT"].weak
    answers["SATISFACTION"] = 1
    assert compiled.evaluate(answers).crisp("IMPACT") == 2


@pytest.mark.parametrize("leaf", ["STAKEHOLDER_MAP", "OUTREACH", "FACILITATION", "TIME"])
def test_means_without_a_knock_out(compiled: CompiledModel, leaf: str) -> None:
    """A means (not an end) that is missing while everything else is at its best still allows high."""
    answers = _all(2)
    answers[leaf] = 0
    assert compiled.evaluate(answers).crisp(_parent(leaf)) == 2


def _parent(att_id: str) -> str:
    return next(p for p, children in TREE.items() if att_id in children)


def test_a_phase_is_never_high_with_a_low_aspect(model: Model) -> None:
    for phase in TREE["QUALITY"]:
        for args, value in _table(model, phase).items():
            if 0 in args:
                assert value <= 1, (phase, args)


def test_quality_is_high_only_with_high_effects_and_no_low_phase(model: Model) -> None:
    table = _table(model, "QUALITY")
    for (mobilisation, cocreation, effects), value in table.items():
        if value == 2:
            assert effects == 2 and min(mobilisation, cocreation) >= 1 and max(mobilisation, cocreation) == 2
    assert table[(1, 1, 1)] == 1 and table[(2, 2, 1)] == 1 and table[(1, 2, 2)] == 2
    assert table[(2, 1, 0)] == 0 and table[(1, 1, 0)] == 0 and table[(0, 0, 2)] == 0


# --- the texts -----------------------------------------------------------------------------------


def test_the_texts(content: dict[str, Any]) -> None:
    assert set(content) == {"attributes", "values", *QUESTIONNAIRES, "roadmap"}
    # attributes (name, description), values, 2 questionnaires (text, help, 3 labels), roadmap
    assert len(bilingual_texts(content)) == 29 * 2 + 6 + 2 * 19 * (2 + 3) + 19 * 2


def test_participants_questions_are_short(content: dict[str, Any]) -> None:
    """Plain and readable on a phone: short questions and help, shorter than the organisers'."""
    organisers = {q["attribute"]: q for q in content["questions_organisers"]}
    for q in content["questions_participants"]:
        for lang in LANGS:
            assert len(q["text"][lang].split()) <= 14, (q["attribute"], lang)
            assert len(q["help"][lang].split()) <= 22, (q["attribute"], lang)
            for o in q["options"]:
                assert len(o["label"][lang].split()) <= 7, (q["attribute"], lang)
        assert q["text"]["en"] != organisers[q["attribute"]]["text"]["en"]


def test_roadmap_has_an_idea_for_every_leaf(content: dict[str, Any]) -> None:
    roadmap = content["roadmap"]
    assert {e["attribute"] for e in roadmap} == set(LEAVES)
    for e in roadmap:
        assert set(e) == {"attribute", "kind", "title", "body"}
        assert e["kind"] in ("idea", "practice")
        for lang in LANGS:
            sentences = [s for s in e["body"][lang].replace("?", ".").split(". ") if s.strip()]
            assert 2 <= len(sentences) <= 3, (e["attribute"], lang)

"""The Co-Serve model: its tree, its group rules and knock-out, its advice (what every shipped model
must satisfy is in tests/test_shipped_models.py)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from cocreate.assessments.tests.model_checks import LANGS, assert_tree, bilingual_texts, model_fixtures
from cocreate.engines.dex import CompiledModel, Model, Quality, explain
from cocreate.portfolio.shipped import MODEL

TREE: dict[str, list[str]] = {
    "COSERVE": ["USERS", "ORGANISATION"],
    "USERS": ["C11", "C12", "C13", "C14", "C15", "C16"],
    "ORGANISATION": ["C21", "C22", "C23", "C24", "C25", "C26", "C27"],
}
LEAVES = [c for children in TREE.values() for c in children if c not in TREE]
REVERSED = ("C16", "C23", "C24")  # "yes" is their unfavourable answer
ADVICE = ("simple_or_known_solution", "heavily_regulated", "low_fit", "good_fit")


model, compiled, content = model_fixtures(MODEL)


def _favourable(compiled: CompiledModel, favourable: set[str]) -> dict[str, int]:
    return {i: 1 if i in favourable else 0 for i in compiled.input_ids}  # index 1 is always favourable


# --- the model -----------------------------------------------------------------------------------


def test_tree_and_ids(model: Model) -> None:
    assert len(LEAVES) == 13
    assert_tree(model, "COSERVE", TREE)


def test_scales(model: Model) -> None:
    for info in model.index():
        s = info.attribute.scale
        if info.attribute.is_leaf:
            assert s.names == (("yes", "no") if info.id in REVERSED else ("no", "yes")), info.id
            assert [v.quality for v in s.values] == [Quality.BAD, Quality.GOOD]
        else:
            assert s.names == ("low", "medium", "high"), info.id
            assert [v.quality for v in s.values] == [Quality.BAD, Quality.NEUTRAL, Quality.GOOD]


def test_extremes(compiled: CompiledModel) -> None:
    everything = compiled.evaluate(_favourable(compiled, set(LEAVES)))
    assert [everything.crisp(i) for i in ("COSERVE", "USERS", "ORGANISATION")] == [2, 2, 2]
    nothing = compiled.evaluate(_favourable(compiled, set()))
    assert [nothing.crisp(i) for i in ("COSERVE", "USERS", "ORGANISATION")] == [0, 0, 0]
    # by value name: "yes" everywhere is unfavourable on the reversed criteria only
    all_yes = compiled.evaluate(dict.fromkeys(LEAVES, "yes"))
    assert all_yes.crisp("USERS") == 2 and all_yes.crisp("ORGANISATION") == 1


@pytest.mark.parametrize("criterion", REVERSED)
def test_yes_on_a_reversed_criterion_never_raises_the_result(compiled: CompiledModel, criterion: str) -> None:
    others = [i for i in LEAVES if i != criterion]
    base = [dict(zip(others, combo, strict=True)) for combo in itertools.product(("no", "yes"), repeat=12)]
    with_yes = compiled.evaluate_many([{**b, criterion: "yes"} for b in base])
    with_no = compiled.evaluate_many([{**b, criterion: "no"} for b in base])
    for yes, no in zip(with_yes, with_no, strict=True):
        for att in TREE:
            y, n = yes.crisp(att), no.crisp(att)
            assert y is not None and n is not None and y <= n, (att, yes, no)


@pytest.mark.parametrize("favourable,level", [(3, 0), (4, 1), (5, 2), (6, 2)])
def test_user_group_counts_favourable_answers(compiled: CompiledModel, favourable: int, level: int) -> None:
    for chosen in itertools.combinations(TREE["USERS"], favourable):
        assert compiled.evaluate(_favourable(compiled, set(chosen))).crisp("USERS") == level


@pytest.mark.parametrize("favourable,level", [(3, 0), (4, 1), (5, 1), (6, 2), (7, 2)])
def test_organisation_group_counts_favourable_answers(
    compiled: CompiledModel, favourable: int, level: int
) -> None:
    for chosen in itertools.combinations(TREE["ORGANISATION"], favourable):
        expected = min(level, 1) if "C24" not in chosen else level
        assert compiled.evaluate(_favourable(compiled, set(chosen))).crisp("ORGANISATION") == expected


def test_a_known_solution_caps_the_organisation_perspective(compiled: CompiledModel) -> None:
    ev = compiled.evaluate(_favourable(compiled, set(LEAVES) - {"C24"}))
    assert ev.crisp("USERS") == 2 and ev.crisp("ORGANISATION") == 1 and ev.crisp("COSERVE") == 1
    assert explain(compiled, ev)["ORGANISATION"].held_down_by == ("C24",)


def test_root_rule(model: Model) -> None:
    table = model.index().by_id["COSERVE"].attribute.table
    assert table is not None
    at = {args: table.low[table.rule_index((3, 3), args)] for args in itertools.product(range(3), repeat=2)}
    assert at == {
        (0, 0): 0,
        (0, 1): 0,
        (1, 0): 0,
        (0, 2): 1,
        (2, 0): 1,
        (1, 1): 1,
        (1, 2): 1,
        (2, 1): 1,
        (2, 2): 2,
    }


# --- the texts -----------------------------------------------------------------------------------


def test_the_texts(content: dict[str, Any]) -> None:
    assert set(content) == {"attributes", "values", "questions", "advice"}
    assert set(content["values"]) == {"no", "yes", "low", "medium", "high"}
    assert (
        len(bilingual_texts(content)) == 16 * 2 + 5 + 13 * (2 + 2) + 4
    )  # attributes, values, questions, advice


def test_the_two_answers_of_a_criterion_read_differently(content: dict[str, Any]) -> None:
    for q in content["questions"]:
        labels = [o["label"][lang] for o in q["options"] for lang in LANGS]
        assert len(set(labels)) == len(labels), q["attribute"]


def test_advice_covers_every_situation(content: dict[str, Any]) -> None:
    advice = content["advice"]
    assert set(advice) == set(ADVICE)
    for key, text in advice.items():
        assert set(text) == set(LANGS), key
        assert all(len(text[lang]) > 150 for lang in LANGS), key
    assert "inform" in advice["simple_or_known_solution"]["en"]
    assert "consult" in advice["simple_or_known_solution"]["en"]
    assert "collaborate" in advice["good_fit"]["en"]

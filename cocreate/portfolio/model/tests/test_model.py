"""The Co-Serve model: the shipped file matches its script, the tables make sense, texts are complete."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from cocreate.assessments.tests.model_checks import LANGS, bilingual_texts, crisp
from cocreate.engines.dex import CompiledModel, Model, Quality, explain, model_is_monotone, read_dxi, to_dxi
from cocreate.portfolio.model.build import DXI_PATH, REVERSED, build, leaf_ids

CONTENT_PATH = Path(__file__).resolve().parent.parent / "content.json"

TREE: dict[str, list[str]] = {
    "COSERVE": ["USERS", "ORGANISATION"],
    "USERS": ["C11", "C12", "C13", "C14", "C15", "C16"],
    "ORGANISATION": ["C21", "C22", "C23", "C24", "C25", "C26", "C27"],
}
LEAVES = [c for children in TREE.values() for c in children if c not in TREE]
ADVICE = ("simple_or_known_solution", "heavily_regulated", "low_fit", "good_fit")


@pytest.fixture(scope="module")
def model() -> Model:
    return build()


@pytest.fixture(scope="module")
def compiled(model: Model) -> CompiledModel:
    return CompiledModel(model)


@pytest.fixture(scope="module")
def content() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CONTENT_PATH.read_text(encoding="utf-8"))
    return data


def _favourable(compiled: CompiledModel, favourable: set[str]) -> dict[str, int]:
    return {i: 1 if i in favourable else 0 for i in compiled.input_ids}  # index 1 is always favourable


# --- the model -----------------------------------------------------------------------------------


def test_shipped_file_is_what_the_script_writes(model: Model) -> None:
    assert DXI_PATH.read_text(encoding="utf-8") == to_dxi(model)
    assert read_dxi(DXI_PATH) == model


def test_tree_and_ids(model: Model) -> None:
    index = model.index()
    assert index.ids[0] == "COSERVE"
    assert len(LEAVES) == 13
    assert index.input_ids == LEAVES == leaf_ids()
    for parent, children in TREE.items():
        assert index.children_ids(parent) == children
    assert set(index.ids) == set(TREE) | set(LEAVES)


def test_scales(model: Model) -> None:
    assert REVERSED == ("C16", "C23", "C24")
    for info in model.index():
        s = info.attribute.scale
        if info.attribute.is_leaf:
            assert s.names == (("yes", "no") if info.id in REVERSED else ("no", "yes")), info.id
            assert [v.quality for v in s.values] == [Quality.BAD, Quality.GOOD]
        else:
            assert s.names == ("low", "medium", "high"), info.id
            assert [v.quality for v in s.values] == [Quality.BAD, Quality.NEUTRAL, Quality.GOOD]


def test_every_table_is_monotone(model: Model) -> None:
    assert model_is_monotone(model)


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


def test_dexipy_reads_and_evaluates_the_shipped_model(compiled: CompiledModel) -> None:
    dexi = pytest.importorskip("dexipy.dexi")
    dexi_eval = pytest.importorskip("dexipy.eval")
    theirs = dexi.read_dexi(str(DXI_PATH))
    assert [a.name for a in theirs.non_root] == compiled.ids
    best = {i: ("no" if i in REVERSED else "yes") for i in LEAVES}
    worst = {i: ("yes" if i in REVERSED else "no") for i in LEAVES}
    known = {**best, "C24": "yes"}
    for answers, expected in ((best, "high"), (worst, "low"), (known, "medium")):
        result = dexi_eval.evaluate(theirs, {"name": expected, **answers})
        assert theirs.attrib("COSERVE").scale.values[crisp(result["COSERVE"])] == expected
        ours = compiled.evaluate(answers)
        for att in TREE:
            assert crisp(result[att]) == ours.crisp(att), att


# --- the texts -----------------------------------------------------------------------------------


def test_every_text_has_english_and_slovenian(content: dict[str, Any]) -> None:
    texts = bilingual_texts(content)
    assert len(texts) == 16 * 2 + 5 + 13 * (2 + 2) + 4  # attributes, values, questions, advice
    for where, text in texts:
        for lang in LANGS:
            assert isinstance(text[lang], str) and text[lang].strip(), f"{where}.{lang}"


def test_attributes_and_values_are_covered(model: Model, content: dict[str, Any]) -> None:
    index = model.index()
    assert set(content) == {"attributes", "values", "questions", "advice"}
    assert set(content["attributes"]) == set(index.ids)
    for att in content["attributes"].values():
        assert set(att) == {"name", "description"}
    names = {n for info in index for n in info.attribute.scale.names}
    assert set(content["values"]) == names == {"no", "yes", "low", "medium", "high"}


def test_one_question_per_criterion_covering_its_scale(model: Model, content: dict[str, Any]) -> None:
    index = model.index()
    questions = content["questions"]
    assert [q["attribute"] for q in questions] == LEAVES
    for q in questions:
        assert set(q) == {"attribute", "text", "help", "options", "dont_know"}
        scale_names = list(index.by_id[q["attribute"]].attribute.scale.names)
        assert [o["value"] for o in q["options"]] == scale_names, q["attribute"]
        assert q["text"]["en"].endswith("?") and q["text"]["sl"].endswith("?")
        assert q["dont_know"] is True
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

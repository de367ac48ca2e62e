"""The DEX models we ship (Co-Ready, Co-Serve, Co-Master): what holds for every one of them.

Each model's structure — the attribute tree, every scale, every decision table — and its results on
a fixed set of answers are recorded in ``shipped_model_fingerprints.json``. Any change to how the
models are declared or built shows here: a change that is meant must be re-recorded on purpose
(``python -m tests.test_shipped_models``), and its diff reviewed. What is particular to one model
(its knock-outs, its thresholds, its advice) is tested in that app's ``model/tests``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from cocreate.assessments.shipped import ShippedModel, shipped_models
from cocreate.assessments.tests.model_checks import LANGS, bilingual_texts, crisp
from cocreate.engines import dex
from cocreate.portfolio.shipped import MODEL as CO_SERVE
from cocreate.quality.shipped import MODEL as CO_MASTER
from cocreate.readiness.shipped import MODEL as CO_READY

FINGERPRINTS = Path(__file__).with_name("shipped_model_fingerprints.json")

SHIPPED: dict[str, ShippedModel] = {"coready": CO_READY, "coserve": CO_SERVE, "comaster": CO_MASTER}
LEAF_COUNTS = {"coready": 26, "coserve": 13, "comaster": 19}  # COGOV's basic attributes; Co-Serve's criteria


def _scale(s: dex.Scale) -> list[Any]:
    return [s.order.value, [[v.name, v.description, v.quality.value] for v in s.values]]


def answer_sets(compiled: dex.CompiledModel) -> dict[str, dict[str, int]]:
    """Worst, best, middle and mixed answers, and each leaf alone at its worst among the best."""
    index = compiled.index
    sizes = {i: index.by_id[i].attribute.scale.size for i in compiled.input_ids}
    best = {i: n - 1 for i, n in sizes.items()}
    sets = {
        "worst": dict.fromkeys(sizes, 0),
        "best": best,
        "middle": {i: (n - 1) // 2 for i, n in sizes.items()},
        "mixed": {i: (k * 7) % n for k, (i, n) in enumerate(sizes.items())},
        "mixed2": {i: (k * 5 + 1) % n for k, (i, n) in enumerate(sizes.items())},
    }
    for i in sizes:
        sets[f"best but {i}"] = {**best, i: 0}
    return sets


def fingerprint(model: dex.Model) -> dict[str, Any]:
    compiled = dex.CompiledModel(model)
    index = compiled.index
    inner = [i for i in compiled.ids if not index.by_id[i].attribute.is_leaf]
    attributes = []
    for info in index:
        att = info.attribute
        table = att.table
        attributes.append(
            {
                "id": info.id,
                "name": att.name,
                "description": att.description,
                "children": index.children_ids(info.id),
                "scale": _scale(att.scale),
                "rules": len(table.low) if table else 0,
                "table": [list(table.low), list(table.high)] if table else None,
            }
        )
    return {
        "name": model.name,
        "description": model.description,
        "leaves": compiled.input_ids,
        "attributes": attributes,
        "evaluations": {
            name: {i: compiled.evaluate(answers).crisp(i) for i in inner}
            for name, answers in answer_sets(compiled).items()
        },
        "dxi_sha256": hashlib.sha256(dex.to_dxi(model).encode()).hexdigest(),
    }


def _recorded() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FINGERPRINTS.read_text(encoding="utf-8"))
    return data


# --- the models ------------------------------------------------------------------------------------


def test_every_shipped_model_is_characterised() -> None:
    assert sorted(m.family_key for m in shipped_models()) == sorted(m.family_key for m in SHIPPED.values())


@pytest.mark.parametrize("key", list(SHIPPED))
def test_the_built_model_is_the_recorded_one(key: str) -> None:
    assert fingerprint(SHIPPED[key].build()) == _recorded()[key]
    assert len(_recorded()[key]["leaves"]) == LEAF_COUNTS[key]


@pytest.mark.parametrize("key", list(SHIPPED))
def test_the_shipped_file_is_what_the_declaration_builds(key: str) -> None:
    model = SHIPPED[key].build()
    assert SHIPPED[key].dxi_text() == dex.to_dxi(model)
    assert dex.read_dxi(SHIPPED[key].dxi_path) == model


@pytest.mark.parametrize("key", list(SHIPPED))
def test_every_table_is_monotone(key: str) -> None:
    assert dex.model_is_monotone(SHIPPED[key].build())


@pytest.mark.parametrize("key", list(SHIPPED))
def test_dexipy_reads_the_file_and_agrees_on_every_answer_set(key: str) -> None:
    dexi = pytest.importorskip("dexipy.dexi")
    dexi_eval = pytest.importorskip("dexipy.eval")
    theirs = dexi.read_dexi(str(SHIPPED[key].dxi_path))
    compiled = dex.CompiledModel(SHIPPED[key].build())
    assert [a.name for a in theirs.non_root] == compiled.ids
    inner = [i for i in compiled.ids if not compiled.index.by_id[i].attribute.is_leaf]
    for name, answers in answer_sets(compiled).items():
        by_name = {i: compiled.index.by_id[i].attribute.scale.names[v] for i, v in answers.items()}
        result = dexi_eval.evaluate(theirs, {"name": name, **by_name})
        ours = compiled.evaluate(answers)
        assert {i: crisp(result[i]) for i in inner} == {i: ours.crisp(i) for i in inner}, name


# --- the texts -------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(SHIPPED))
def test_every_text_has_english_and_slovenian(key: str) -> None:
    texts = list(bilingual_texts(SHIPPED[key].content))
    assert len(texts) > 50  # the walk found the model's texts (else this proves nothing)
    for where, text in texts:
        for lang in LANGS:
            assert isinstance(text[lang], str) and text[lang].strip(), f"{where}.{lang}"


@pytest.mark.parametrize("key", list(SHIPPED))
def test_every_attribute_and_value_has_its_texts(key: str) -> None:
    index = SHIPPED[key].build().index()
    content = SHIPPED[key].content
    assert set(content["attributes"]) == set(index.ids)
    for att in content["attributes"].values():
        assert set(att) == {"name", "description"}
    assert set(content["values"]) == {n for info in index for n in info.attribute.scale.names}


@pytest.mark.parametrize("key", list(SHIPPED))
def test_every_questionnaire_asks_each_leaf_once_in_tree_order(key: str) -> None:
    index = SHIPPED[key].build().index()
    content = SHIPPED[key].content
    questionnaires = [k for k in content if k == "questions" or k.startswith("questions_")]
    assert questionnaires
    for questionnaire in questionnaires:
        questions = content[questionnaire]
        assert [q["attribute"] for q in questions] == index.input_ids, questionnaire
        for q in questions:
            assert list(q) == ["attribute", "text", "help", "options", "dont_know"], q["attribute"]
            scale_names = list(index.by_id[q["attribute"]].attribute.scale.names)
            assert [o["value"] for o in q["options"]] == scale_names, q["attribute"]
            assert q["text"]["en"].endswith("?") and q["text"]["sl"].endswith("?")
            assert q["dont_know"] is True


def main() -> None:
    data = {key: fingerprint(model.build()) for key, model in SHIPPED.items()}
    FINGERPRINTS.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {FINGERPRINTS}")


if __name__ == "__main__":
    main()

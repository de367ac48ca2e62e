"""Helpers shared by the tests of the shipped DEX models (Co-Serve, Co-Ready, Co-Master).

What holds for every shipped model is tested once, in tests/test_shipped_models.py; each app's
``model/tests`` keeps what is particular to its model, with the fixtures made here.
"""

from __future__ import annotations

from typing import Any

import pytest

from cocreate.assessments.shipped import ShippedModel
from cocreate.engines.dex import CompiledModel, Model

LANGS = ("en", "sl")  # every text of a model's content file is in both shipped languages


def crisp(value: Any) -> int:
    """dexipy's result for one attribute as a single value index (a one-element set or a number)."""
    if isinstance(value, set | frozenset | list | tuple):
        (only,) = value
        return int(only)
    return int(value)


def bilingual_texts(node: Any, where: str = "content") -> list[tuple[str, Any]]:
    """Every {"en": …, "sl": …} dict inside ``node``, with where it is."""
    if isinstance(node, dict):
        if set(node) == set(LANGS):
            return [(where, node)]
        return [t for k, v in node.items() for t in bilingual_texts(v, f"{where}.{k}")]
    if isinstance(node, list):
        return [t for k, v in enumerate(node) for t in bilingual_texts(v, f"{where}[{k}]")]
    return []


def assert_tree(model: Model, root: str, tree: dict[str, list[str]]) -> None:
    """The model is exactly ``tree`` (parent -> children, in order) under ``root``, and its
    questions are asked leaf by leaf in the order of the tree."""
    index = model.index()
    leaves = [c for children in tree.values() for c in children if c not in tree]
    assert index.ids[0] == root
    assert index.input_ids == leaves
    for parent, children in tree.items():
        assert index.children_ids(parent) == children
    assert set(index.ids) == set(tree) | set(leaves)


def model_fixtures(shipped: ShippedModel) -> tuple[Any, Any, Any]:
    """The fixtures ``model``, ``compiled`` and ``content`` of one shipped model, for its test
    module: ``model, compiled, content = model_fixtures(MODEL)``."""

    @pytest.fixture(scope="module", name="model")
    def model_fixture() -> Model:
        return shipped.build()

    @pytest.fixture(scope="module", name="compiled")
    def compiled_fixture(model: Model) -> CompiledModel:
        return CompiledModel(model)

    @pytest.fixture(scope="module", name="content")
    def content_fixture() -> dict[str, Any]:
        return shipped.content

    return model_fixture, compiled_fixture, content_fixture

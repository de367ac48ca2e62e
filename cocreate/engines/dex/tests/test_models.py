"""Our shipped models: the files match their generating scripts and behave as documented."""

from __future__ import annotations

import pytest

from cocreate.engines.dex import CompiledModel, Quality, explain, model_is_monotone, read_dxi, to_dxi
from cocreate.engines.dex.models.coserve import DXI_PATH, coserve_model


def test_coserve_file_is_what_the_script_writes() -> None:
    assert DXI_PATH.read_text(encoding="utf-8") == to_dxi(coserve_model())
    assert read_dxi(DXI_PATH) == coserve_model()


def test_coserve_shape() -> None:
    model = coserve_model()
    index = model.index()
    leaves = index.input_ids
    assert len(leaves) == 13
    assert [len(index.children_ids(g)) for g in index.children_ids(index.ids[0])] == [6, 7]
    reversed_ = [i for i in leaves if index.by_id[i].attribute.scale.names == ("yes", "no")]
    assert reversed_ == ["1.6 Expert matter", "2.3 Heavily regulated", "2.4 Solution already known"]
    for i in leaves:
        values = index.by_id[i].attribute.scale.values
        assert values[0].quality is Quality.BAD and values[1].quality is Quality.GOOD
    assert model_is_monotone(model)


def _answers(favourable: set[str], model_leaves: list[str]) -> dict[str, int]:
    return {i: 1 if i in favourable else 0 for i in model_leaves}  # index 1 is always the favourable answer


def test_coserve_levels() -> None:
    cm = CompiledModel(coserve_model())
    leaves = cm.input_ids
    root, users, organisation = cm.ids[0], cm.ids[1], cm.ids[8]
    everything = cm.evaluate(_answers(set(leaves), leaves))
    assert everything.crisp(root) == 2
    nothing = cm.evaluate(_answers(set(), leaves))
    assert nothing.crisp(root) == 0
    # a known solution caps the organisation perspective at medium, and explains why
    known = cm.evaluate(_answers(set(leaves) - {"2.4 Solution already known"}, leaves))
    assert known.crisp(organisation) == 1 and known.crisp(users) == 2 and known.crisp(root) == 1
    assert explain(cm, known)[organisation].held_down_by == ("2.4 Solution already known",)


@pytest.mark.parametrize("favourable_users,level", [(3, 0), (4, 1), (5, 2)])
def test_coserve_user_group_thresholds(favourable_users: int, level: int) -> None:
    cm = CompiledModel(coserve_model())
    leaves = cm.input_ids
    favourable = set(leaves[:favourable_users])
    assert cm.evaluate(_answers(favourable, leaves)).crisp(cm.ids[1]) == level


def test_dexipy_reads_the_shipped_model() -> None:
    dexi = pytest.importorskip("dexipy.dexi")
    theirs = dexi.read_dexi(str(DXI_PATH))
    assert [a.name for a in theirs.non_root] == CompiledModel(coserve_model()).ids

from __future__ import annotations

from collections.abc import Sequence

from cocreate.engines.dex import (
    UNKNOWN,
    AttributeSummary,
    CompiledModel,
    Order,
    aggregate,
    build_model,
    evaluate_many,
    leaf,
    node,
    scale,
    weighted_table,
)
from cocreate.engines.dex.model import Value

FIVE = scale("1", "2", "3", "4", "5")
YES_NO = scale("no", "yes")
Q5, QB = leaf("q5", FIVE), leaf("qb", YES_NO)
DESC = leaf("qd", scale("high", "medium", "low", order=Order.DESCENDING))
MODEL = CompiledModel(
    build_model("m", node("root", FIVE, [Q5, QB, DESC], weighted_table([Q5, QB, DESC], FIVE)))
)


def _group(answers: Sequence[tuple[Value, Value, Value]]) -> dict[str, AttributeSummary]:
    responses: list[dict[str, Value]] = [{"q5": a, "qb": b, "qd": c} for a, b, c in answers]
    result = aggregate(MODEL, evaluate_many(MODEL, responses))
    assert result.respondents == len(answers)
    return dict(result.attributes)


def test_distribution_and_median_consensus() -> None:
    s = _group([(0, 1, 2), (2, 1, 2), (2, 0, 1), (4, 1, 2), (UNKNOWN, 1, 2)])
    q5 = s["q5"]
    assert q5.counts == (1, 0, 2, 0, 1)
    assert q5.uncertain == 1 and q5.undefined == 0
    assert q5.consensus == 2
    assert q5.spread == 4


def test_even_ties_take_the_worse_middle_answer() -> None:
    s = _group([(1, 0, 0), (3, 1, 2)])
    assert s["q5"].consensus == 1
    assert s["qb"].consensus == 0
    # on a descending scale the worse answer is the later one
    assert s["qd"].consensus == 2


def test_disagreement_rule() -> None:
    # a 1:1 yes/no split is a disagreement; 2:1 is not
    assert _group([(0, 0, 0), (0, 1, 0)])["qb"].disagreement
    assert not _group([(0, 0, 0), (0, 1, 0), (0, 1, 0)])["qb"].disagreement
    # unanimity never is
    assert not _group([(2, 1, 0)] * 5)["q5"].disagreement
    # one outlier two steps away among three: polarised
    assert _group([(0, 1, 0), (2, 1, 0), (2, 1, 0)])["q5"].disagreement
    # one outlier among twenty: not flagged; four of twenty: flagged
    many = [(3, 1, 0)] * 19 + [(0, 1, 0)]
    assert not _group(many)["q5"].disagreement
    assert _group([(3, 1, 0)] * 16 + [(0, 1, 0)] * 4)["q5"].disagreement
    # neighbours, with a clear majority: not flagged
    assert not _group([(2, 1, 0)] * 3 + [(3, 1, 0)] * 2)["q5"].disagreement
    # a single answer, or only "don't know"s: nothing to disagree about
    assert not _group([(UNKNOWN, 1, 0), (1, 1, 0)])["q5"].disagreement


def test_aggregates_are_summarised_too() -> None:
    s = _group([(4, 1, 0), (4, 1, 0), (0, 0, 2)])
    root = s["root"]
    assert sum(root.counts) == 3
    assert root.consensus == 4 and root.disagreement
    assert root.mean_score is not None and 0 < root.mean_score < 100


def test_consensus_response_round_trips_through_evaluation() -> None:
    responses: list[dict[str, Value]] = [{"q5": 4, "qb": 1, "qd": UNKNOWN}, {"q5": 3, "qb": 1, "qd": UNKNOWN}]
    result = aggregate(MODEL, evaluate_many(MODEL, responses))
    consensus = result.consensus_response(MODEL.input_ids)
    assert consensus == {"q5": 3, "qb": 1, "qd": UNKNOWN}
    assert MODEL.evaluate(consensus).value("root")

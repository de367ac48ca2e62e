from __future__ import annotations

import pytest

from cocreate.engines.dex import (
    UNKNOWN,
    CompiledModel,
    DecisionTable,
    Order,
    Quality,
    aggregate,
    build_model,
    compare,
    evaluate,
    explain,
    is_monotone,
    leaf,
    model_is_monotone,
    node,
    plus_minus,
    read_dxi,
    scale,
    score,
    scores,
    table_violations,
    value_label,
)
from cocreate.engines.dex.tests.models import DATA, readiness_like

CAR = CompiledModel(read_dxi(DATA / "car.dxi"))
CAR_INPUTS = {"BUY.PRICE": 1, "MAINT.PRICE": 1, "#PERS": 2, "#DOORS": 2, "LUGGAGE": 2, "SAFETY": 1}
LMH = scale("low", "medium", "high")


def test_score_is_the_position_on_the_scale() -> None:
    assert [score(LMH, i) for i in range(3)] == [0.0, 50.0, 100.0]
    desc = scale("best", "middle", "worst", order=Order.DESCENDING)
    assert [score(desc, i) for i in range(3)] == [100.0, 50.0, 0.0]
    assert desc.values[0].quality is Quality.GOOD and desc.values[2].quality is Quality.BAD
    assert score(LMH, frozenset({0, 2})) == 50.0
    assert score(LMH, (0.5, 0.0, 0.5)) == 50.0
    assert score(LMH, frozenset()) is None and score(LMH, None) is None
    assert score(scale("only"), 0) == 100.0
    ev = evaluate(CAR, CAR_INPUTS)
    figures = scores(CAR, ev)
    assert figures["CAR"] == 100.0 * ev.crisp("CAR") / 3  # type: ignore[operator]


def test_value_labels() -> None:
    assert value_label(LMH, frozenset({1})) == "medium"
    assert value_label(LMH, frozenset({0, 1})) == "low–medium"
    assert value_label(LMH, frozenset({0, 2})) == "{low, high}"
    assert value_label(LMH, frozenset({0, 1, 2})) == "*"
    assert value_label(LMH, frozenset()) == "undefined"


def test_explanation_names_the_weakest_links() -> None:
    ev = evaluate(CAR, CAR_INPUTS)  # SAFETY medium holds TECH.CHAR. at "good"
    why = explain(CAR, ev)
    tech = why["TECH.CHAR."]
    assert tech.label == "good" and tech.complete
    assert tech.held_down_by == ("SAFETY",)
    assert why["CAR"].label == "good"
    assert why["CAR"].held_down_by == ("PRICE", "TECH.CHAR.")  # either one step better gives "exc"
    assert tech.strong == ("COMFORT",) and tech.weak == ()
    assert why["COMFORT"].quality is Quality.GOOD and why["COMFORT"].held_down_by == ()
    unsure = explain(CAR, evaluate(CAR, dict(CAR_INPUTS, SAFETY=UNKNOWN)))
    assert not unsure["TECH.CHAR."].complete and unsure["TECH.CHAR."].held_down_by == ()


def test_plus_minus_reports_every_dependent_attribute() -> None:
    ev = evaluate(CAR, CAR_INPUTS)
    pm = plus_minus(CAR, ev)
    safety = pm["SAFETY"]
    assert safety.minus == {"TECH.CHAR.": frozenset({0}), "CAR": frozenset({0})}
    assert safety.plus == {"TECH.CHAR.": frozenset({3}), "CAR": frozenset({3})}
    assert pm["LUGGAGE"].plus is None  # already at the top
    assert set(pm) == set(CAR.input_ids)
    unsure = plus_minus(CAR, evaluate(CAR, dict(CAR_INPUTS, SAFETY=UNKNOWN)))
    assert unsure["SAFETY"].plus is None and unsure["SAFETY"].minus is None


def test_comparison_side_by_side() -> None:
    a = evaluate(CAR, CAR_INPUTS)
    b = evaluate(CAR, dict(CAR_INPUTS, SAFETY=2))
    c = evaluate(CAR, dict(CAR_INPUTS, SAFETY=UNKNOWN))
    table = compare(CAR, [("a", a), ("b", b), ("c", c)])
    assert table.alternatives == ("a", "b", "c")
    assert [r.attribute for r in table.rows] == CAR.ids
    car = table.rows[0]
    assert car.labels == ("good", "exc", "{unacc, good, exc}")
    assert car.best == (1,)
    assert car.level == 1 and table.rows[1].level == 2


def test_monotonicity_check() -> None:
    x, y = leaf("x", LMH), leaf("y", LMH)
    good = node("g", LMH, [x, y], DecisionTable.crisp([0, 0, 1, 0, 1, 1, 1, 1, 2]))
    assert is_monotone(good)
    bad = node("b", LMH, [x, y], DecisionTable.crisp([0, 0, 1, 0, 1, 1, 1, 0, 2]))
    violations = table_violations(bad)
    assert [(v.args, v.improved) for v in violations] == [((1, 1), (2, 1)), ((2, 0), (2, 1))]
    # an interval whose upper bound drops is a violation too
    interval = node("i", LMH, [x], DecisionTable(low=(0, 1, 1), high=(2, 1, 2)))
    assert not is_monotone(interval)
    # improving a descending child means moving down its list
    desc = leaf("d", scale("good", "bad", order=Order.DESCENDING))
    assert is_monotone(node("n", LMH, [desc], DecisionTable.crisp([2, 0])))
    assert not is_monotone(node("n", LMH, [desc], DecisionTable.crisp([0, 2])))
    assert model_is_monotone(readiness_like())
    assert model_is_monotone(build_model("car", read_dxi(DATA / "car.dxi").root))


def test_unordered_scales_impose_nothing() -> None:
    colour = leaf("colour", scale("red", "blue", order=Order.NONE))
    assert is_monotone(node("n", LMH, [colour], DecisionTable.crisp([2, 0])))
    with pytest.raises(KeyError):
        _ = explain(CAR, evaluate(CAR, CAR_INPUTS))["SAFETY"]  # leaves are not explained


def test_every_analysis_runs_on_a_model_with_continuous_inputs() -> None:
    cm = CompiledModel(read_dxi(DATA / "continuous_old.dxi"))
    evs = cm.evaluate_many(
        [{"N1": 0.5, "N2": -3}, {"N1": UNKNOWN, "N2": 1}, {"N1": None, "N2": 2.5}]  # type: ignore[list-item]
    )
    assert evs[0].numbers == {"N1": 0.5, "N2": -3.0}
    assert evs[0].crisp("X1") == 1 and evs[0].crisp("X2") == 0
    assert evs[1].value("X1") == frozenset({0, 1})  # "don't know" a number: every interval's value
    assert evs[2].value("X1") == frozenset() and evs[2].numbers["N1"] is None
    for ev in evs:
        assert scores(cm, ev)["N1"] is None
        explain(cm, ev)
        assert plus_minus(cm, ev)["N1"].plus is None
    assert compare(cm, [("a", evs[0]), ("b", evs[1])]).rows[0].labels
    group = aggregate(cm, evs)
    assert group.attributes["N1"].undefined == 3 and group.attributes["X1"].consensus == 1

from __future__ import annotations

import math

import numpy as np
import pytest

from cocreate.engines.dex import (
    UNKNOWN,
    CompiledModel,
    DexModelError,
    evaluate,
    evaluate_many,
    evaluate_prob,
    read_dxi,
)
from cocreate.engines.dex.model import Value
from cocreate.engines.dex.tests.models import DATA, readiness_like

CAR = read_dxi(DATA / "car.dxi")
CAR_INPUTS: dict[str, Value] = {
    "BUY.PRICE": 1,
    "MAINT.PRICE": 2,
    "#PERS": 2,
    "#DOORS": 2,
    "LUGGAGE": 2,
    "SAFETY": 2,
}


def test_crisp_evaluation_of_the_car() -> None:
    ev = evaluate(CAR, CAR_INPUTS)
    assert ev.crisp("PRICE") == 2
    assert ev.crisp("TECH.CHAR.") == 3
    assert ev.crisp("CAR") == 3
    assert ev.value("BUY.PRICE") == frozenset({1})


def test_value_names_are_accepted() -> None:
    named = dict(CAR_INPUTS, **{"BUY.PRICE": "medium", "SAFETY": "high"})
    assert evaluate(CAR, named) == evaluate(CAR, CAR_INPUTS)


def test_unknown_is_the_full_range_not_the_lowest_value() -> None:
    ev = evaluate(CAR, dict(CAR_INPUTS, SAFETY=UNKNOWN))
    assert ev.value("SAFETY") == frozenset({0, 1, 2})
    # SAFETY small makes the car unacceptable, high makes it excellent: the result is a set
    assert ev.value("TECH.CHAR.") == frozenset({0, 2, 3})
    assert ev.value("CAR") == frozenset({0, 3})  # with a low price, "good" technique makes it "exc"
    assert ev.crisp("CAR") is None
    lowest = evaluate(CAR, dict(CAR_INPUTS, SAFETY=0))
    assert lowest.value("CAR") == frozenset({0}) != ev.value("CAR")


def test_unknown_that_does_not_matter_gives_a_crisp_result() -> None:
    # with a high price the car is unacceptable whatever its technical characteristics
    ev = evaluate(
        CAR, dict(CAR_INPUTS, **{"BUY.PRICE": 0, "MAINT.PRICE": 0, "#PERS": UNKNOWN, "SAFETY": UNKNOWN})
    )
    assert ev.crisp("CAR") == 0


def test_undefined_propagates() -> None:
    ev = evaluate(CAR, dict(CAR_INPUTS, SAFETY=None))
    assert ev.value("TECH.CHAR.") == frozenset() and ev.value("CAR") == frozenset()
    assert ev.crisp("PRICE") == 2


def test_bad_inputs_name_the_attribute() -> None:
    with pytest.raises(DexModelError) as info:
        evaluate(CAR, dict(CAR_INPUTS, SAFETY=3))
    assert info.value.attribute_path == "CAR / TECH.CHAR. / SAFETY"
    with pytest.raises(DexModelError, match="not a value of the scale"):
        evaluate(CAR, dict(CAR_INPUTS, SAFETY="huge"))
    missing = dict(CAR_INPUTS)
    del missing["LUGGAGE"]
    with pytest.raises(DexModelError, match="no answer given") as info:
        evaluate(CAR, missing)
    assert info.value.attribute_path.endswith("LUGGAGE")
    with pytest.raises(DexModelError, match="not an attribute"):
        evaluate(CAR, dict(CAR_INPUTS, COLOUR=1))
    with pytest.raises(DexModelError, match="out of the scale"):
        evaluate(CAR, dict(CAR_INPUTS, SAFETY=frozenset({1, 5})))


def test_prob_method_spreads_unknowns_evenly() -> None:
    dist = evaluate_prob(CAR, dict(CAR_INPUTS, SAFETY=UNKNOWN))
    car = dist["CAR"]
    assert car is not None and math.isclose(sum(car), 1.0)
    assert car == pytest.approx((1 / 3, 0.0, 0.0, 2 / 3))
    assert dist["SAFETY"] == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    crisp = evaluate_prob(CAR, CAR_INPUTS)
    assert crisp["CAR"] == (0.0, 0.0, 0.0, 1.0)
    weighted = evaluate_prob(CAR, dict(CAR_INPUTS, SAFETY=(0.0, 1.0, 3.0)))
    assert weighted["SAFETY"] == pytest.approx((0.0, 0.25, 0.75))


def test_batch_equals_one_by_one_and_handles_mixed_rows() -> None:
    model = readiness_like()
    cm = CompiledModel(model)
    rng = np.random.default_rng(3)
    responses = []
    for _ in range(60):
        r: dict[str, object] = {}
        for i in cm.input_ids:
            size = cm.scales[cm.position[i]].size
            r[i] = UNKNOWN if rng.random() < 0.1 else int(rng.integers(size))
        responses.append(r)
    batch = evaluate_many(cm, responses)  # type: ignore[arg-type]
    assert batch == [cm.evaluate(r) for r in responses]  # type: ignore[arg-type]
    assert any(len(b.value("Readiness")) > 1 for b in batch)
    assert any(len(b.value("Readiness")) == 1 for b in batch)

from __future__ import annotations

import random
from pathlib import Path

import pytest

from cocreate.engines.dex import (
    UNKNOWN,
    Alternative,
    DexModelError,
    Model,
    Order,
    Quality,
    parse_dxi,
    read_dxi,
    to_dxi,
    write_dxi,
)
from cocreate.engines.dex.tests.models import (
    DATA,
    DEXIPY_MODELS,
    random_alternatives,
    random_model,
    readiness_like,
)


def test_reads_the_car_model() -> None:
    model = read_dxi(DATA / "car.dxi")
    index = model.index()
    assert model.name == "CAR_MODEL"
    assert index.ids[:4] == ["CAR", "PRICE", "BUY.PRICE", "MAINT.PRICE"]
    car = model.root
    assert car.scale.names == ("unacc", "acc", "good", "exc")
    assert car.scale.values[0].quality is Quality.BAD
    assert car.scale.values[1].quality is Quality.NEUTRAL
    assert car.scale.values[3].quality is Quality.GOOD
    assert car.scale.values[1].description == "acceptable, but I won't like it"
    assert car.table is not None and car.table.low == (0, 0, 0, 0, 0, 1, 2, 3, 0, 2, 3, 3)
    price = car.children[0]
    assert price.table is not None and price.table.entered == "++++++++-"
    assert [a.name for a in model.alternatives] == ["Car1", "Car2"]
    assert model.alternatives[0].values["BUY.PRICE"] == 1


def test_reads_sets_weights_and_linking() -> None:
    dozen = read_dxi(DATA / "dozen.dxi")
    assert dozen.alternatives[0].values["Dozen"] == frozenset({3, 5, 7, 10})
    assert dozen.alternatives[0].values["A"] is None  # an empty <OPTION/> is undefined, as in dexipy
    linked = read_dxi(DATA / "linked.dxi")
    assert linked.linking
    table = linked.root.table
    assert table is not None and ("WEIGHTS", "20;30;40") in table.extras
    index = linked.index()
    assert index.by_id["A"].link == "A_2" and index.by_id["A_2"].link is None
    assert index.input_ids == ["A_2", "B_2"]


@pytest.mark.parametrize("filename", DEXIPY_MODELS)
def test_round_trip_of_test_models(filename: str, tmp_path: Path) -> None:
    model = read_dxi(DATA / filename)
    write_dxi(model, tmp_path / "out.dxi")
    assert read_dxi(tmp_path / "out.dxi") == model


@pytest.mark.parametrize("seed", range(8))
def test_round_trip_of_random_models(seed: int) -> None:
    rng = random.Random(seed)
    model = random_model(rng)
    model = Model(
        name="m",
        roots=model.roots,
        description="d <&> é",
        alternatives=tuple(random_alternatives(rng, model, 5)),
    )
    back = parse_dxi(to_dxi(model))
    # values of attributes the alternatives leave out come back as "undefined"
    filled = tuple(
        Alternative(name=a.name, values={i: a.values.get(i) for i in model.index().ids})
        for a in model.alternatives
    )
    assert back == Model(name="m", roots=model.roots, description="d <&> é", alternatives=filled)


def test_round_trip_keeps_orders_and_unknowns() -> None:
    model = readiness_like()
    desc = model.root.scale
    assert desc.order is Order.ASCENDING
    alt = Alternative(name="x", values={i: UNKNOWN for i in model.index().ids})
    model = Model(name=model.name, roots=model.roots, alternatives=(alt,))
    assert parse_dxi(to_dxi(model)) == model


def _car_with(old: str, new: str) -> str:
    text = (DATA / "car.dxi").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def _error(text: str | bytes) -> DexModelError:
    with pytest.raises(DexModelError) as info:
        parse_dxi(text)
    return info.value


def test_broken_xml() -> None:
    err = _error(_car_with("</DEXi>", ""))
    assert err.attribute_path == "" and "broken XML" in err.message


def test_not_a_dexi_file() -> None:
    assert "expected <DEXi>" in _error("<model/>").message


def test_dtd_is_refused() -> None:
    evil = '<?xml version="1.0"?><!DOCTYPE DEXi [<!ENTITY a "aaaa">]><DEXi><NAME>&a;</NAME></DEXi>'
    assert "document type" in _error(evil).message


def test_table_of_wrong_length_names_the_attribute() -> None:
    err = _error(_car_with("<LOW>000012022</LOW>", "<LOW>00001202</LOW>"))
    assert err.attribute_path == "CAR / PRICE"
    assert "8 rules, expected 9" in err.message


def test_child_count_mismatch_is_a_table_length_error() -> None:
    # TECH.CHAR. loses its SAFETY child: its 3x3 table no longer fits 3 values of one child
    text = (DATA / "car.dxi").read_text(encoding="utf-8")
    start = text.index("<NAME>SAFETY</NAME>")
    open_at = text.rindex("<ATTRIBUTE>", 0, start)
    close_at = text.index("</ATTRIBUTE>", start) + len("</ATTRIBUTE>")
    err = _error(text[:open_at] + text[close_at:])
    assert err.attribute_path == "CAR / TECH.CHAR."
    assert "expected 3" in err.message


def test_rule_value_out_of_scale() -> None:
    err = _error(_car_with("<LOW>000012022</LOW>", "<LOW>000012029</LOW>"))
    assert err.attribute_path == "CAR / PRICE"
    assert "rule 9" in err.message and "outside the scale" in err.message


def test_alternative_value_out_of_scale() -> None:
    text = _car_with(
        "<OPTION>1</OPTION>\n        <OPTION>1</OPTION>", "<OPTION>7</OPTION>\n        <OPTION>1</OPTION>"
    )
    err = _error(text)
    assert err.attribute_path == "CAR / PRICE / BUY.PRICE"
    assert "out of the scale" in err.message


def test_continuous_attributes_and_discretisation() -> None:
    model = read_dxi(DATA / "continuous_old.dxi")
    index = model.index()
    n1 = index.by_id["N1"].attribute
    assert n1.scale.continuous and n1.scale.low_point == -1.0 and n1.scale.high_point == 1.0
    x2 = index.by_id["X2"].attribute
    assert x2.discretize is not None
    assert x2.discretize.bounds == (-1.0, 1.0) and x2.discretize.up == (True, False)
    assert [x2.discretize.value(x) for x in (-1.5, -1.0, 0.0, 1.0, 1.5)] == [
        frozenset({0}),
        frozenset({1}),
        frozenset({1}),
        frozenset({1}),
        frozenset({2}),
    ]
    assert model.alternatives[2].values["N1"] == -2.0
    assert parse_dxi(to_dxi(model)) == model


def test_continuous_attributes_must_be_discretised() -> None:
    text = (DATA / "continuous_old.dxi").read_text(encoding="utf-8")
    start = text.index("<DISCRETIZE>")
    end = text.index("</DISCRETIZE>") + len("</DISCRETIZE>")
    err = _error(text[:start] + "<FUNCTION><LOW>0011</LOW></FUNCTION>" + text[end:])
    assert err.attribute_path == "OneLevel / X1"
    assert "discretisation" in err.message


def test_missing_file() -> None:
    with pytest.raises(DexModelError, match="cannot read"):
        read_dxi(DATA / "nope.dxi")


def test_library_table_format() -> None:
    text = """<DEXi><ATTRIBUTE><NAME>R</NAME><SCALE>
      <SCALEVALUE><NAME>lo</NAME></SCALEVALUE><SCALEVALUE><NAME>hi</NAME></SCALEVALUE></SCALE>
      <TABLE><RULE Args="0">0</RULE><RULE Args="1">0:1</RULE></TABLE>
      <ATTRIBUTE><NAME>X</NAME><SCALE><SCALEVALUE><NAME>a</NAME></SCALEVALUE>
      <SCALEVALUE><NAME>b</NAME></SCALEVALUE></SCALE></ATTRIBUTE></ATTRIBUTE></DEXi>"""
    table = parse_dxi(text).root.table
    assert table is not None and table.low == (0, 0) and table.high == (0, 1)
    err = _error(text.replace('<RULE Args="1">0:1</RULE>', ""))
    assert err.attribute_path == "R" and "missing" in err.message

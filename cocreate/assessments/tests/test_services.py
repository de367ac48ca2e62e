from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cocreate.assessments import results, services
from cocreate.assessments.models import DONT_KNOW, Response
from cocreate.engines import dex

pytestmark = pytest.mark.django_db


def small_model_dxi() -> str:
    yes_no = dex.scale("no", "yes")
    lmh = dex.scale("low", "medium", "high")
    a = dex.leaf("Sponsor", yes_no)
    b = dex.leaf("Budget", yes_no)
    root = dex.node("Ready", lmh, [a, b], dex.weighted_table([a, b], lmh, weights=[1, 1]))
    return dex.to_dxi(dex.build_model("Small", root))


@pytest.fixture
def version():
    texts = {
        "attributes": {"Ready": {"name": {"en": "Ready", "sl": "Pripravljeni"}}},
        "questions": [
            {
                "attribute": "Budget",
                "text": {"en": "Is there a budget?", "sl": "Ali je proračun?"},
                "options": [{"value": "no", "label": {"en": "No"}}, {"value": "yes", "label": {"en": "Yes"}}],
            }
        ],
    }
    return services.import_version(actor=None, family_key="small", dxi_text=small_model_dxi(), texts=texts)


def test_import_creates_questions_for_every_leaf(version):
    questions = list(version.questions.order_by("order"))
    assert [q.attribute for q in questions] == ["Budget", "Sponsor"]  # given ones first, then the rest
    assert questions[1].options == [{"value": "no", "label": {}}, {"value": "yes", "label": {}}]
    assert version.number == 1


@pytest.mark.parametrize(
    ("broken", "named"),
    [
        ("<DEXi><ATTRIBUTE><NAME>X", "model"),
        ("not xml at all", "model"),
    ],
)
def test_broken_files_are_refused_with_a_message(broken, named):
    with pytest.raises(ValidationError) as error:
        services.import_version(actor=None, family_key="bad", dxi_text=broken)
    assert error.value.messages and all(m.strip() for m in error.value.messages)


def test_table_with_holes_names_the_attribute():
    text = small_model_dxi()
    start = text.index("<LOW>") + len("<LOW>")
    holed = text[:start] + text[start + 1 :]  # one rule fewer than the children's values combine to
    with pytest.raises(ValidationError) as error:
        services.import_version(actor=None, family_key="bad", dxi_text=holed)
    assert "Ready" in error.value.messages[0]


def test_options_outside_the_scale_are_refused():
    texts = {"questions": [{"attribute": "Budget", "options": [{"value": "maybe"}]}]}
    with pytest.raises(ValidationError, match="maybe"):
        services.import_version(actor=None, family_key="bad", dxi_text=small_model_dxi(), texts=texts)


def test_answers_merge_and_submit_once(version, staff):
    collection = services.open_collection(version=version)
    services.save_answers(collection=collection, respondent=staff, answers={"Budget": "yes"})
    response = services.save_answers(collection=collection, respondent=staff, answers={"Sponsor": DONT_KNOW})
    assert response.answers == {"Budget": "yes", "Sponsor": DONT_KNOW}
    first = services.save_answers(
        collection=collection, respondent=staff, answers={}, submit=True
    ).submitted_at
    again = services.save_answers(
        collection=collection, respondent=staff, answers={}, submit=True
    ).submitted_at
    assert first == again and Response.objects.count() == 1


def test_invalid_answer_is_refused(version, staff):
    collection = services.open_collection(version=version)
    with pytest.raises(ValidationError):
        services.save_answers(collection=collection, respondent=staff, answers={"Budget": "perhaps"})


def test_unanswered_is_the_full_range_never_no(version):
    evaluation = results.evaluate(version, {"Budget": "yes"})
    root = version.compiled.ids[0]
    assert len(evaluation.value(root)) > 1  # uncertain, not "low" as if Sponsor were "no"


def test_closed_collection_refuses_answers_and_keeps_a_snapshot(version, staff, org_admin):
    collection = services.open_collection(version=version)
    services.save_answers(
        collection=collection, respondent=staff, answers={"Budget": "yes", "Sponsor": "yes"}, submit=True
    )
    services.close_collection(actor=org_admin, collection=collection)
    assert collection.__class__.objects.get(pk=collection.pk).result["attributes"]["Ready"]["value"] == 2
    collection.refresh_from_db()
    with pytest.raises(ValidationError):
        services.save_answers(collection=collection, respondent=staff, answers={"Budget": "no"})


def test_a_new_version_never_changes_old_results(version, staff, org_admin):
    collection = services.open_collection(version=version)
    services.save_answers(
        collection=collection, respondent=staff, answers={"Budget": "yes", "Sponsor": "no"}, submit=True
    )
    before = results.collection_result(collection).root.label
    # A stricter model: one "no" makes it low.
    yes_no, lmh = dex.scale("no", "yes"), dex.scale("low", "medium", "high")
    a, b = dex.leaf("Sponsor", yes_no), dex.leaf("Budget", yes_no)
    strict = dex.node(
        "Ready", lmh, [a, b], dex.function_table([a, b], lmh, lambda args: 2 if all(args) else 0)
    )
    new = services.import_version(
        actor=None, family_key="small", dxi_text=dex.to_dxi(dex.build_model("S", strict))
    )
    assert new.number == 2
    collection.refresh_from_db()
    assert results.collection_result(collection).root.label == before == "medium"


def test_group_disagreement_is_flagged(version, staff, facilitator):
    collection = services.open_collection(version=version)
    services.save_answers(
        collection=collection, respondent=staff, answers={"Budget": "yes", "Sponsor": "yes"}, submit=True
    )
    services.save_answers(
        collection=collection, respondent=facilitator, answers={"Budget": "no", "Sponsor": "yes"}, submit=True
    )
    result = results.collection_result(collection)
    assert result.attributes["Budget"].disagreement
    assert not result.attributes["Sponsor"].disagreement
    assert result.attributes["Budget"].counts == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_parallel_first_saves_make_one_response(version, staff):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the parallel case is exercised on PostgreSQL in CI")
    collection = services.open_collection(version=version)

    def save(n: int) -> None:
        services.save_answers(collection=collection, respondent=staff, answers={"Budget": "yes"}, submit=True)
        connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(save, range(16)))
    assert Response.objects.filter(collection=collection).count() == 1

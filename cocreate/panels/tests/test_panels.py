from __future__ import annotations

import io
import random
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.panels import draw, selectors, services
from cocreate.panels.models import Panel, Selection, Volunteer
from cocreate.panels.pool_import import table_from_upload
from cocreate.panels.quotas import parse_quotas

pytestmark = pytest.mark.django_db

QUOTAS = "Gender: woman = 50%\nGender: man = 50%\nAge: young = 40%\nAge: old = 60%\n"


def pool_table(n: int, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    rows = [["name", "email", "household", "Gender", "Age"]]
    for i in range(n):
        rows.append([f"Person {i}", f"p{i}@example.org", f"house {i // 2}" if i % 5 == 0 else "",
                     rng.choice(["woman", "man"]), rng.choice(["young", "old", "old"])])  # fmt: skip
    return rows


@pytest.fixture
def panel(org, staff):
    panel = services.create_panel(actor=staff, organisation=org, title="Citizens' jury on home care",
                                  purpose="Recommend how home care should work.", size=10,
                                  retention_until=timezone.localdate() + timedelta(days=90))  # fmt: skip
    services.set_quotas(actor=staff, panel=panel, text=QUOTAS)
    return panel


def test_quota_lines_become_quotas_and_bad_lines_are_named():
    specs, errors = parse_quotas(
        "Gender: woman = 50%\nGender: man = 50%\nAge: old = 3-4\nAge: young = 6-7\n", 10
    )
    assert errors == [] and [(s.minimum, s.maximum) for s in specs] == [(4, 6), (4, 6), (3, 4), (6, 7)]
    _specs, errors = parse_quotas("Gender: woman = 1-2\n", 10)
    assert errors == ["Gender: the maximums add up to less than the panel size."]
    _specs, errors = parse_quotas("Gender woman 50\nAge: old = 9-2\nAge: young = 120%\n", 10)
    assert [e.split(":")[0] for e in errors] == ["Line 1", "Line 2", "Line 3"]


def test_import_all_or_nothing_and_data_encrypted(panel, staff):
    table = pool_table(30)
    table[5][3] = "alien"
    table[7][1] = "not-an-email"
    with pytest.raises(ValidationError) as error:
        services.import_pool(actor=staff, panel=panel, table=table)
    assert [m.split(":")[0] for m in error.value.messages] == ["Row 6", "Row 8"]
    assert not panel.volunteers.exists()
    services.import_pool(actor=staff, panel=panel, table=pool_table(30))
    volunteer = panel.volunteers.first()
    assert "@example.org" not in volunteer.contact_encrypted and "Person" not in volunteer.contact_encrypted
    assert volunteer.contact["email"].endswith("@example.org") and volunteer.answers["Gender"] in (
        "woman",
        "man",
    )
    with pytest.raises(ValidationError, match="already in the pool"):
        services.import_pool(actor=staff, panel=panel, table=pool_table(3))


def test_xlsx_is_read(panel, staff):
    from openpyxl import Workbook

    book = Workbook()
    for row in pool_table(12):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    assert (
        services.import_pool(
            actor=staff, panel=panel, table=table_from_upload("pool.xlsx", buffer.getvalue())
        )
        == 12
    )


def test_draw_meets_quotas_gives_fair_probabilities_and_is_reproducible(
    panel, staff, django_capture_on_commit_callbacks
):
    services.import_pool(actor=staff, panel=panel, table=pool_table(60))
    assert services.feasibility(panel).feasible
    announce(panel, staff)
    with django_capture_on_commit_callbacks(execute=True):
        selection = services.start_selection(actor=staff, panel=panel, seed="2026-11-29 7 14 21 28 35")
    selection.refresh_from_db()
    assert selection.state == Selection.State.DONE, selection.error
    chosen = list(panel.volunteers.filter(status=Volunteer.Status.SELECTED))
    assert len(chosen) == 10
    assert all(r.met for r in selectors.composition(panel))
    total = sum(v.probability for v in panel.volunteers.all())
    assert abs(total - 10) < 1e-6
    # The same inputs and seed give the same panel.
    from cocreate.engines import sortition

    lottery = sortition.find_lottery(draw.instance_of(panel), "leximin")
    again = sortition.draw_panel(lottery, "2026-11-29 7 14 21 28 35")
    assert set(again.person_ids) == {str(v.pk) for v in chosen}


def test_infeasible_quotas_are_explained(org, staff):
    panel = services.create_panel(actor=staff, organisation=org, title="Small", purpose="x", size=6,
                                  retention_until=timezone.localdate() + timedelta(days=9))  # fmt: skip
    services.set_quotas(actor=staff, panel=panel, text="Gender: woman = 3-3\nGender: man = 3-3\n")
    table = [["name", "Gender"]] + [[f"P{i}", "woman"] for i in range(8)] + [["Q", "man"]]
    services.import_pool(actor=staff, panel=panel, table=table)
    report = services.feasibility(panel)
    assert not report.feasible and report.changes


def test_registration_deduplicates_and_needs_consent(panel, staff):
    services.set_options(actor=staff, panel=panel, registration_open=True, is_public=False)
    client = Client()
    url = reverse("panels_public:register", args=[panel.pk])
    features = {f"feature_{f.pk}": f.values.first().value for f in panel.features.all()}
    data = {"name": "Mojca", "email": "mojca@example.org", **features}
    assert "There is a problem" in client.post(url, data).content.decode()  # no consent
    assert "Thank you for volunteering" in client.post(url, {**data, "consent": "on"}).content.decode()
    again = client.post(url, {**data, "email": "MOJCA@example.org", "consent": "on"}).content.decode()
    assert "already registered" in again
    assert panel.volunteers.count() == 1


def test_decline_and_replace(panel, staff, django_capture_on_commit_callbacks):
    services.import_pool(actor=staff, panel=panel, table=pool_table(60))
    announce(panel, staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_selection(actor=staff, panel=panel, seed="seed-123456")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invite_selected(actor=staff, panel=panel) == 10
    declined = panel.volunteers.filter(status=Volunteer.Status.SELECTED).first()
    services.respond(volunteer=declined, accept=False)
    added = services.replace_declined(actor=staff, panel=panel)
    assert len(added) == 1 and added[0].status == Volunteer.Status.REPLACEMENT


def test_only_organisers_see_the_pool(as_user, panel, staff, facilitator, platform_admin, other_admin):
    services.import_pool(actor=staff, panel=panel, table=pool_table(20))
    url = reverse("panels:pool", args=[panel.pk])
    assert b"p1@example.org" in as_user(staff).get(url).content
    assert as_user(facilitator).get(url).status_code == 403
    assert as_user(platform_admin).get(url).status_code == 403  # not an organiser
    assert as_user(other_admin).get(url).status_code == 404


def test_report_is_aggregate_and_public_only_when_published(panel, staff, django_capture_on_commit_callbacks):
    services.import_pool(actor=staff, panel=panel, table=pool_table(60))
    announce(panel, staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_selection(actor=staff, panel=panel, seed="public-seed-1")
    url = reverse("panels_public:report", args=[panel.pk])
    assert panel.is_public  # public by default once drawn (issue 19): the organisers may withdraw it
    assert Client().get(url).status_code == 200
    services.set_options(actor=staff, panel=panel, registration_open=False, is_public=False)
    unpublished = Client().get(url)  # a clear page, not "not found", and nothing about the panel
    assert unpublished.status_code == 403 and b"not public" in unpublished.content
    assert panel.title.encode() not in unpublished.content
    services.set_options(actor=staff, panel=panel, registration_open=False, is_public=True)
    body = Client().get(url).content.decode()
    assert "public-seed-1" in body and "LEXIMIN" in body
    assert "The lottery is proven optimal" in body  # the lottery's status, in words
    assert "@example.org" not in body and "Person 1" not in body


def test_purge_deletes_personal_data_but_keeps_aggregates(panel, staff, django_capture_on_commit_callbacks):
    services.import_pool(actor=staff, panel=panel, table=pool_table(60))
    announce(panel, staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_selection(actor=staff, panel=panel, seed="public-seed-2")
    Panel.objects.filter(pk=panel.pk).update(retention_until=timezone.localdate())
    assert [p.pk for p in services.due_for_purge()] == [panel.pk]
    services.purge(actor=None, panel=panel)
    assert not panel.volunteers.exclude(contact_encrypted="").exists()
    assert panel.selections.get().audit["input_sha256"]


def test_the_shipped_sample_pool_is_what_the_script_writes_and_imports(panel, staff):
    import csv as csv_module

    from cocreate.panels.forms import EXAMPLE_QUOTAS
    from cocreate.panels.sample import make_sample_pool

    shipped = list(csv_module.reader(make_sample_pool.OUT.read_text(encoding="utf-8").splitlines()))
    assert shipped == make_sample_pool.rows()
    Panel.objects.filter(pk=panel.pk).update(size=24)
    panel.refresh_from_db()
    services.set_quotas(actor=staff, panel=panel, text=EXAMPLE_QUOTAS)
    assert services.import_pool(actor=staff, panel=panel, table=shipped) == 160
    assert services.feasibility(panel).feasible


def announce(panel: Panel, staff: object, **kwargs: object) -> Panel:
    return services.announce_draw(
        actor=staff, panel=panel, draw_at=timezone.now(), seed_source="the test's own seed", **kwargs
    )

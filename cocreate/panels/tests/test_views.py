"""The panel page and its set-up actions, one view each: what each does, and that an invalid form (or
one the service refuses) answers on the page with its errors and what was typed (400)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.panels import services
from cocreate.panels.models import Panel
from cocreate.panels.tests.test_panels import QUOTAS, announce, pool_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(org: Any, staff: Any) -> Panel:
    return services.create_panel(
        actor=staff,
        organisation=org,
        title="Citizens' jury on home care",
        purpose="Recommend how home care should work.",
        size=10,
        retention_until=timezone.localdate() + timedelta(days=90),
    )


def url(name: str, panel: Panel) -> str:
    return reverse(f"panels:{name}", args=[panel.pk])


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def csv_upload(rows: list[list[str]]) -> SimpleUploadedFile:
    text = "\n".join(",".join(row) for row in rows)
    return SimpleUploadedFile("pool.csv", text.encode(), content_type="text/csv")


def test_the_page_posts_each_form_to_its_own_action(as_user: Any, panel: Panel, staff: Any) -> None:
    content = as_user(staff).get(url("panel", panel)).content.decode()
    for name in ("set_quotas", "import_pool", "set_options"):
        assert f'action="{url(name, panel)}"' in content
    assert (
        'name="quotas"' not in content and 'name="upload"' not in content and 'name="options"' not in content
    )


def test_the_page_is_for_reading(as_user: Any, panel: Panel, staff: Any) -> None:
    assert as_user(staff).post(url("panel", panel), {"quotas": "1", "text": QUOTAS}).status_code == 405
    assert not panel.features.exists()


# --- features and quotas ---------------------------------------------------------------------------


def test_quotas_are_saved(as_user: Any, panel: Panel, staff: Any) -> None:
    response = as_user(staff).post(url("set_quotas", panel), {"text": QUOTAS}, follow=True)
    assert response.redirect_chain[-1][0] == url("panel", panel)
    assert "Features and quotas saved." in messages_of(response)
    assert sorted(panel.features.values_list("name", flat=True)) == ["Age", "Gender"]


def test_quota_lines_in_error_stay_in_the_form(as_user: Any, panel: Panel, staff: Any) -> None:
    typed = "Gender woman 50\nAge: old = 9-2"
    response = as_user(staff).post(url("set_quotas", panel), {"text": typed})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Line 1" in content and "Line 2" in content and "Gender woman 50" in content
    assert not panel.features.exists()


def test_an_empty_quota_form_answers_with_its_error(as_user: Any, panel: Panel, staff: Any) -> None:
    response = as_user(staff).post(url("set_quotas", panel), {"text": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()


def test_quotas_refused_once_the_pool_has_volunteers_are_said_on_the_form(
    as_user: Any, panel: Panel, staff: Any
) -> None:
    services.set_quotas(actor=staff, panel=panel, text=QUOTAS)
    services.import_pool(actor=staff, panel=panel, table=pool_table(10))
    typed = "Region: north = 50%\nRegion: south = 50%"
    response = as_user(staff).post(url("set_quotas", panel), {"text": typed})
    assert response.status_code == 400
    content = response.content.decode()
    assert "features cannot" in content and "Region: north = 50%" in content


# --- the pool --------------------------------------------------------------------------------------


def test_the_pool_is_imported(as_user: Any, panel: Panel, staff: Any) -> None:
    services.set_quotas(actor=staff, panel=panel, text=QUOTAS)
    response = as_user(staff).post(
        url("import_pool", panel), {"file": csv_upload(pool_table(30))}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("panel", panel)
    assert "30 volunteers imported." in messages_of(response)
    assert panel.volunteers.count() == 30


def test_a_pool_with_bad_rows_answers_with_its_errors(as_user: Any, panel: Panel, staff: Any) -> None:
    services.set_quotas(actor=staff, panel=panel, text=QUOTAS)
    table = pool_table(10)
    table[3][3] = "alien"
    response = as_user(staff).post(url("import_pool", panel), {"file": csv_upload(table)})
    assert response.status_code == 400 and "Row 4" in response.content.decode()
    assert not panel.volunteers.exists()


def test_an_import_without_a_file_answers_with_its_error(as_user: Any, panel: Panel, staff: Any) -> None:
    response = as_user(staff).post(url("import_pool", panel), {})
    assert response.status_code == 400 and "This field is required." in response.content.decode()


# --- settings --------------------------------------------------------------------------------------


def test_settings_are_saved(as_user: Any, panel: Panel, staff: Any) -> None:
    response = as_user(staff).post(url("set_options", panel), {"registration_open": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == url("panel", panel)
    assert "Settings saved." in messages_of(response)
    panel.refresh_from_db()
    assert panel.registration_open and not panel.is_public


def test_settings_refused_after_the_announcement_keep_what_was_ticked(
    as_user: Any, panel: Panel, staff: Any
) -> None:
    services.set_quotas(actor=staff, panel=panel, text=QUOTAS)
    services.import_pool(actor=staff, panel=panel, table=pool_table(30))
    announce(panel, staff)
    response = as_user(staff).post(url("set_options", panel), {"registration_open": "on"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "The pool is closed: the draw has been announced." in content
    assert 'name="registration_open" id="id_registration_open" checked' in content
    panel.refresh_from_db()
    assert not panel.registration_open


# --- the announcement and the draw -----------------------------------------------------------------


def test_an_announcement_without_its_source_keeps_what_was_typed(
    as_user: Any, panel: Panel, staff: Any
) -> None:
    services.set_quotas(actor=staff, panel=panel, text=QUOTAS)
    services.import_pool(actor=staff, panel=panel, table=pool_table(30))
    response = as_user(staff).post(
        url("announce", panel), {"draw_at": "", "seed_source": "", "committed_seed": "lottery 1 2 3"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "This field is required." in content and 'value="lottery 1 2 3"' in content
    panel.refresh_from_db()
    assert panel.status != Panel.Status.ANNOUNCED


def test_the_draw_is_announced(as_user: Any, panel: Panel, staff: Any) -> None:
    services.set_quotas(actor=staff, panel=panel, text=QUOTAS)
    services.import_pool(actor=staff, panel=panel, table=pool_table(30))
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = as_user(staff).post(
        url("announce", panel), {"draw_at": when, "seed_source": "the lottery"}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("panel", panel)
    assert "The draw is announced and the pool is closed." in messages_of(response)


def test_a_page_left_open_can_still_announce_with_its_default_time(
    as_user: Any, panel: Panel, staff: Any
) -> None:
    """The form's default is the minute the page was drawn; ten minutes later it still announces,
    and the draw is set for the moment of the announcement, never before it."""
    services.set_quotas(actor=staff, panel=panel, text=QUOTAS)
    services.import_pool(actor=staff, panel=panel, table=pool_table(30))
    drawn = (timezone.localtime() - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    response = as_user(staff).post(url("announce", panel), {"draw_at": drawn, "seed_source": "the lottery"})
    assert response.status_code == 302
    panel.refresh_from_db()
    assert panel.status == Panel.Status.ANNOUNCED and panel.draw_at == panel.draw_announced_at


def test_a_draw_time_long_past_is_refused_and_stays_in_the_form(
    as_user: Any, panel: Panel, staff: Any
) -> None:
    services.set_quotas(actor=staff, panel=panel, text=QUOTAS)
    services.import_pool(actor=staff, panel=panel, table=pool_table(30))
    past = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = as_user(staff).post(url("announce", panel), {"draw_at": past, "seed_source": "the lottery"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "choose a later time" in content and f'value="{past}"' in content
    panel.refresh_from_db()
    assert panel.status != Panel.Status.ANNOUNCED


def test_a_seed_that_is_not_the_announced_one_stays_in_the_form(
    as_user: Any, panel: Panel, staff: Any
) -> None:
    services.set_quotas(actor=staff, panel=panel, text=QUOTAS)
    services.import_pool(actor=staff, panel=panel, table=pool_table(30))
    announce(panel, staff, committed_seed="the fixed seed 42")
    response = as_user(staff).post(url("start_selection", panel), {"seed": "another seed 43"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "This is not the seed announced" in content and 'value="another seed 43"' in content
    panel.refresh_from_db()
    assert panel.status == Panel.Status.ANNOUNCED and not panel.selections.exists()


# --- setting up a panel, volunteering ------------------------------------------------------------


def test_a_panel_without_a_purpose_is_not_set_up_and_the_title_stays(
    as_user: Any, org: Any, staff: Any
) -> None:
    data = {"title": "Jury-MARKER", "purpose": "", "size": 24, "retention_until": "2099-01-01"}
    response = as_user(staff).post(reverse("panels:panels"), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "This field is required." in content and 'value="Jury-MARKER"' in content
    assert not Panel.objects.filter(title="Jury-MARKER").exists()


def test_a_registration_without_consent_answers_with_its_error(panel: Panel, staff: Any) -> None:
    services.set_quotas(actor=staff, panel=panel, text=QUOTAS)
    services.set_options(actor=staff, panel=panel, registration_open=True, is_public=False)
    register = reverse("panels_public:register", args=[panel.pk])
    response = Client().post(register, {"name": "Vesna Novak", "email": "vesna@example.org"})
    assert response.status_code == 400
    assert 'value="Vesna Novak"' in response.content.decode() and not panel.volunteers.exists()

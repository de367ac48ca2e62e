from __future__ import annotations

from django_tasks import task

from cocreate.panels.models import Selection


@task()
def run_selection(selection_id: str) -> None:
    from cocreate.panels.services import run_selection_now

    selection = Selection.objects.select_related("panel").filter(pk=selection_id).first()
    if selection is not None and selection.state == Selection.State.QUEUED:
        run_selection_now(selection)

from __future__ import annotations

from django_tasks import task

from cocreate.panels import draw
from cocreate.panels.models import Selection


@task()
def run_selection(selection_id: str) -> None:
    """The lottery and the draw of one selection, queued by services.start_selection."""
    selection = Selection.objects.select_related("panel").filter(pk=selection_id).first()
    if selection is not None and selection.state == Selection.State.QUEUED:
        draw.run(selection)

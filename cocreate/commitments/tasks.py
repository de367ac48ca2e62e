"""Background work of accountability (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from cocreate.commitments import services


@task()
def send_commitment_reminders() -> int:
    return services.send_commitment_reminders()

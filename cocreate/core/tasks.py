"""Background tasks shared by every app (django-tasks; the database backend in the demo and in
production, run by `manage.py db_worker`)."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(subject: str, body: str, to: str) -> None:
    """One e-mail to one address, so recipients never see each other. Never pass secrets here:
    task arguments are stored in the database until the result is pruned."""
    send_mail(subject, body, None, [to])

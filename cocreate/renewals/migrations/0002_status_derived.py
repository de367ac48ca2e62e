"""The renewal's status is derived from the work done in its cycle (renewals/cycle.py); only
closing stays a decision, kept as `closed_at`. Renewals typed "completed" or "archived" by hand
are closed; the others take whatever their data shows."""

from django.db import migrations, models


def close_finished(apps, schema_editor):
    Renewal = apps.get_model("renewals", "Renewal")
    for renewal in Renewal.objects.filter(status__in=["completed", "archived"]):
        renewal.closed_at = renewal.updated_at
        renewal.save(update_fields=["closed_at"])


def restore_status(apps, schema_editor):
    Renewal = apps.get_model("renewals", "Renewal")
    Renewal.objects.filter(closed_at__isnull=False).update(status="completed")


class Migration(migrations.Migration):
    dependencies = [("renewals", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="renewal",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="closed"),
        ),
        migrations.AddField(
            model_name="renewal",
            name="cycle_started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="current cycle started"),
        ),
        migrations.RunPython(close_finished, restore_status),
        migrations.RemoveField(model_name="renewal", name="status"),
    ]

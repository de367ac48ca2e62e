"""Cycles become rows (issue 16). Each renewal gets its cycles: cycle 1 starts when the renewal was
created, the current one when it was started (`cycle_started_at`, then dropped); earlier cycles are
closed when the next one started. Cycles between the first and the current one, whose start was
never recorded, start and close when the current one started (they hold no work). The renewal keeps
`cycle_number` as the pointer to its current cycle (docs/decisions/0017-cycles.md)."""

import django.db.models.deletion
import uuid
from django.db import migrations, models


def backfill(apps, schema_editor):
    Renewal = apps.get_model("renewals", "Renewal")
    Cycle = apps.get_model("renewals", "Cycle")
    rows = []
    for renewal in Renewal.objects.all().iterator():
        current = max(renewal.cycle_number, 1)
        current_start = max(renewal.cycle_started_at or renewal.created_at, renewal.created_at)
        for number in range(1, current + 1):
            rows.append(
                Cycle(
                    renewal_id=renewal.pk,
                    number=number,
                    started_at=renewal.created_at if number == 1 else current_start,
                    closed_at=None if number == current else current_start,
                )
            )
        if renewal.cycle_number < 1:
            renewal.cycle_number = 1
            renewal.save(update_fields=["cycle_number"])
    Cycle.objects.bulk_create(rows, batch_size=500)


def restore(apps, schema_editor):
    Renewal = apps.get_model("renewals", "Renewal")
    Cycle = apps.get_model("renewals", "Cycle")
    for cycle in Cycle.objects.filter(number__gt=1).select_related("renewal"):
        renewal = cycle.renewal
        if cycle.number == renewal.cycle_number:
            Renewal.objects.filter(pk=renewal.pk).update(cycle_started_at=cycle.started_at)


class Migration(migrations.Migration):

    dependencies = [
        ('renewals', '0003_coserve_advice'),
    ]

    operations = [
        migrations.CreateModel(
            name='Cycle',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('number', models.PositiveSmallIntegerField(verbose_name='cycle')),
                ('started_at', models.DateTimeField(verbose_name='started')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed')),
                ('plan', models.JSONField(blank=True, default=list, verbose_name='improvements carried into this cycle')),
                ('next_plan', models.JSONField(blank=True, default=list, verbose_name='improvements for the next cycle')),
                ('note', models.TextField(blank=True, max_length=3000, verbose_name='closing note')),
                ('renewal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cycles', to='renewals.renewal')),
            ],
            options={
                'verbose_name': 'cycle',
                'verbose_name_plural': 'cycles',
                'ordering': ['renewal', 'number'],
                'constraints': [models.UniqueConstraint(fields=('renewal', 'number'), name='one_cycle_per_number'), models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='cycle_number_from_one')],
            },
        ),
        migrations.RunPython(backfill, restore),
        migrations.RemoveField(
            model_name='renewal',
            name='cycle_started_at',
        ),
        migrations.AlterField(
            model_name='renewal',
            name='cycle_number',
            field=models.PositiveSmallIntegerField(default=1, editable=False, verbose_name='cycle'),
        ),
    ]

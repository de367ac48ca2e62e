"""Meetings get an agenda, an end and an online link; decisions are recorded one by one; pledges
are published (the ones made before were all on the public page, so they stay published) and
count once (one pledge per title and year, one report per date)."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_admission'),
        ('alliances', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Decision',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('number', models.PositiveSmallIntegerField(verbose_name='number')),
                ('title', models.CharField(max_length=200, verbose_name='what was decided')),
                ('details', models.TextField(blank=True, max_length=2000, verbose_name='details')),
            ],
            options={
                'verbose_name': 'decision',
                'verbose_name_plural': 'decisions',
                'ordering': ['meeting', 'number'],
            },
        ),
        migrations.AddField(
            model_name='meeting',
            name='agenda',
            field=models.TextField(blank=True, max_length=20000, verbose_name='agenda'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='ends_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='ends'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='online_link',
            field=models.URLField(blank=True, verbose_name='online link'),
        ),
        migrations.AddField(
            model_name='pledge',
            name='is_published',
            field=models.BooleanField(default=True, verbose_name='published'),
        ),
        migrations.AlterField(
            model_name='pledge',
            name='is_published',
            field=models.BooleanField(default=False, verbose_name='published'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.UniqueConstraint(fields=('alliance', 'title', 'starts_at'), name='one_alliance_meeting_per_title_and_time'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.UniqueConstraint(fields=('renewal', 'title', 'starts_at'), name='one_renewal_meeting_per_title_and_time'),
        ),
        migrations.AddConstraint(
            model_name='pledge',
            constraint=models.UniqueConstraint(fields=('alliance', 'organisation', 'title', 'year'), name='one_pledge_per_title_and_year'),
        ),
        migrations.AddConstraint(
            model_name='pledgereport',
            constraint=models.UniqueConstraint(fields=('pledge', 'period_end'), name='one_report_per_pledge_and_date'),
        ),
        migrations.AddField(
            model_name='decision',
            name='meeting',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='alliances.meeting'),
        ),
        migrations.AddField(
            model_name='decision',
            name='recorded_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.UniqueConstraint(fields=('meeting', 'number'), name='one_decision_per_number'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.UniqueConstraint(fields=('meeting', 'title'), name='one_decision_per_title'),
        ),
    ]

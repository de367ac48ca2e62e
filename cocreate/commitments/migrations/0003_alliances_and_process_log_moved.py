"""Alliances and the process log now live in their own apps (alliances/migrations/0001_initial.py,
transparency/migrations/0001_initial.py took over the models and renamed their tables). Here the
commitments app only forgets them and points Commitment.alliance at the moved model: state only,
the database is not touched."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('alliances', '0001_initial'),
        ('commitments', '0002_comment_submission_key'),
        ('transparency', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='commitment',
                    name='alliance',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='commitments', to='alliances.alliance'),
                ),
                migrations.DeleteModel(name='PublicComment'),
                migrations.DeleteModel(name='LogEntry'),
                migrations.DeleteModel(name='PledgeReport'),
                migrations.DeleteModel(name='Signature'),
                migrations.DeleteModel(name='Meeting'),
                migrations.DeleteModel(name='Pledge'),
                migrations.DeleteModel(name='AllianceMember'),
                migrations.DeleteModel(name='WorkingGroup'),
                migrations.DeleteModel(name='Declaration'),
                migrations.DeleteModel(name='Alliance'),
            ],
        ),
    ]

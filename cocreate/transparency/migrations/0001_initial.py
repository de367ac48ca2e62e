"""The process log and the public challenge move out of the commitments app without touching a
row: the state takes over the models as they are, the content types follow them, and the tables
are renamed commitments_* → transparency_* (see alliances/migrations/0001_initial.py)."""

import uuid

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import cocreate.commitments.models

MOVED = ['logentry', 'publiccomment']


def _rename_content_types(apps, schema_editor, source, target):
    """Audit entries (and permissions) point at these models through their content types: the
    rows follow the models, so the history of each object stays attached to it."""
    content_type = apps.get_model("contenttypes", "ContentType")
    rows = content_type.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not rows.filter(app_label=target, model=model).exists():
            rows.filter(app_label=source, model=model).update(app_label=target)


def move_content_types(apps, schema_editor):
    _rename_content_types(apps, schema_editor, "commitments", "transparency")


def move_content_types_back(apps, schema_editor):
    _rename_content_types(apps, schema_editor, "transparency", "commitments")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('alliances', '0001_initial'),
        ('commitments', '0002_comment_submission_key'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('renewals', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The models as they were in the commitments app, on the tables they already have.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='LogEntry',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('kind', models.CharField(choices=[('method', 'Method'), ('script', 'Script'), ('material', 'Material'), ('meeting_notes', 'Meeting notes'), ('decision', 'Decision'), ('answer', 'Answer to input')], max_length=20, verbose_name='kind')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('text', models.TextField(blank=True, max_length=20000, verbose_name='text')),
                        ('link', models.URLField(blank=True, verbose_name='link')),
                        ('file', models.FileField(blank=True, upload_to='commitments/log/%Y/', validators=[django.core.validators.FileExtensionValidator(['pdf', 'png', 'jpg', 'jpeg', 'odt', 'docx', 'txt', 'csv']), cocreate.commitments.models.validate_evidence_size], verbose_name='file')),
                        ('participation', models.JSONField(blank=True, default=dict, verbose_name='participants by stakeholder group')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published')),
                        ('alliance', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='log_entries', to='alliances.alliance')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('renewal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='log_entries', to='renewals.renewal')),
                    ],
                    options={
                        'db_table': 'commitments_logentry',
                        'verbose_name': 'log entry',
                        'verbose_name_plural': 'log entries',
                        'ordering': ['-published_at', '-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='PublicComment',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('nickname', models.CharField(blank=True, max_length=50, verbose_name='nickname (optional)')),
                        ('text', models.TextField(max_length=3000, verbose_name='your question or comment')),
                        ('answer', models.TextField(blank=True, max_length=5000, verbose_name='answer')),
                        ('answered_at', models.DateTimeField(blank=True, null=True)),
                        ('submission_key', models.UUIDField(blank=True, editable=False, null=True, unique=True)),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='transparency.logentry')),
                        ('participant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.guestparticipant')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'commitments_publiccomment',
                        'verbose_name': 'public comment',
                        'verbose_name_plural': 'public comments',
                        'ordering': ['created_at'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='logentry',
                    constraint=models.CheckConstraint(condition=models.Q(('renewal__isnull', False), ('alliance__isnull', False), _connector='OR'), name='log_entry_has_an_owner'),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
        # Then each table takes this app's name (AlterModelTable renames the many-to-many tables too).
        migrations.AlterModelTable(name='logentry', table=None),
        migrations.AlterModelTable(name='publiccomment', table=None),
    ]

"""Alliances move out of the commitments app without touching a row: the state takes over the
models as they are, the content types follow them, and the tables are renamed commitments_* →
alliances_* (commitments/migrations/0003 then drops the old models from its state)."""

import uuid
from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = ['alliance', 'declaration', 'pledge', 'pledgereport', 'signature', 'workinggroup', 'meeting', 'alliancemember']


def _rename_content_types(apps, schema_editor, source, target):
    """Audit entries (and permissions) point at these models through their content types: the
    rows follow the models, so the history of each object stays attached to it."""
    content_type = apps.get_model("contenttypes", "ContentType")
    rows = content_type.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not rows.filter(app_label=target, model=model).exists():
            rows.filter(app_label=source, model=model).update(app_label=target)


def move_content_types(apps, schema_editor):
    _rename_content_types(apps, schema_editor, "commitments", "alliances")


def move_content_types_back(apps, schema_editor):
    _rename_content_types(apps, schema_editor, "alliances", "commitments")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
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
                    name='Alliance',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('purpose', models.TextField(max_length=5000, verbose_name='purpose')),
                        ('target_amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='shared target')),
                        ('target_unit', models.CharField(help_text='For example: tonnes per year', max_length=50, verbose_name='unit')),
                        ('target_date', models.DateField(verbose_name='target date')),
                        ('is_public', models.BooleanField(default=True, verbose_name='public page')),
                        ('secretariat', models.ManyToManyField(blank=True, related_name='alliances_run', to=settings.AUTH_USER_MODEL, verbose_name='secretariat')),
                    ],
                    options={
                        'db_table': 'commitments_alliance',
                        'verbose_name': 'alliance',
                        'verbose_name_plural': 'alliances',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Declaration',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('version', models.PositiveSmallIntegerField(verbose_name='version')),
                        ('text', models.TextField(max_length=20000, verbose_name='text')),
                        ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='declarations', to='alliances.alliance')),
                    ],
                    options={
                        'db_table': 'commitments_declaration',
                        'verbose_name': 'declaration',
                        'verbose_name_plural': 'declarations',
                        'ordering': ['alliance', '-version'],
                    },
                ),
                migrations.CreateModel(
                    name='Pledge',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('title', models.CharField(max_length=200, verbose_name='what we pledge')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount')),
                        ('unit', models.CharField(max_length=50, verbose_name='unit')),
                        ('year', models.PositiveSmallIntegerField(help_text='The year the amount is reached', validators=[django.core.validators.MinValueValidator(2000)], verbose_name='by year')),
                        ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pledges', to='alliances.alliance')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pledges', to='accounts.organisation')),
                    ],
                    options={
                        'db_table': 'commitments_pledge',
                        'verbose_name': 'pledge',
                        'verbose_name_plural': 'pledges',
                        'ordering': ['alliance', 'organisation__name', 'year'],
                    },
                ),
                migrations.CreateModel(
                    name='PledgeReport',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('period_end', models.DateField(verbose_name='up to')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount reached')),
                        ('note', models.TextField(blank=True, max_length=2000, verbose_name='note')),
                        ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='alliances.pledge')),
                        ('reported_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'commitments_pledgereport',
                        'verbose_name': 'pledge report',
                        'verbose_name_plural': 'pledge reports',
                        'ordering': ['pledge', 'period_end'],
                    },
                ),
                migrations.CreateModel(
                    name='Signature',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('signed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='signed')),
                        ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signatures', to='alliances.declaration')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signatures', to='accounts.organisation')),
                        ('signed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'commitments_signature',
                        'verbose_name': 'signature',
                        'verbose_name_plural': 'signatures',
                        'ordering': ['signed_at'],
                    },
                ),
                migrations.CreateModel(
                    name='WorkingGroup',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('description', models.TextField(blank=True, max_length=2000, verbose_name='description')),
                        ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='working_groups', to='alliances.alliance')),
                        ('members', models.ManyToManyField(blank=True, related_name='+', to='accounts.organisation', verbose_name='members')),
                    ],
                    options={
                        'db_table': 'commitments_workinggroup',
                        'verbose_name': 'working group',
                        'verbose_name_plural': 'working groups',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Meeting',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('starts_at', models.DateTimeField(verbose_name='starts')),
                        ('location', models.CharField(blank=True, max_length=200, verbose_name='where')),
                        ('minutes', models.TextField(blank=True, max_length=20000, verbose_name='minutes')),
                        ('alliance', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='alliances.alliance')),
                        ('renewal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='accountability_meetings', to='renewals.renewal')),
                        ('working_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='alliances.workinggroup')),
                    ],
                    options={
                        'db_table': 'commitments_meeting',
                        'verbose_name': 'meeting',
                        'verbose_name_plural': 'meetings',
                        'ordering': ['starts_at'],
                    },
                ),
                migrations.CreateModel(
                    name='AllianceMember',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('status', models.CharField(choices=[('applied', 'Applied'), ('member', 'Member'), ('rejected', 'Not admitted'), ('left', 'Left')], default='applied', max_length=10, verbose_name='status')),
                        ('motivation', models.TextField(blank=True, max_length=2000, verbose_name='why we want to join')),
                        ('joined_on', models.DateField(blank=True, null=True, verbose_name='joined')),
                        ('left_on', models.DateField(blank=True, null=True, verbose_name='left')),
                        ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='alliances.alliance')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='alliance_memberships', to='accounts.organisation')),
                    ],
                    options={
                        'db_table': 'commitments_alliancemember',
                        'verbose_name': 'alliance member',
                        'verbose_name_plural': 'alliance members',
                        'ordering': ['organisation__name'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['applied', 'member'])), fields=('alliance', 'organisation'), name='one_current_membership_per_alliance')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='declaration',
                    constraint=models.UniqueConstraint(fields=('alliance', 'version'), name='one_declaration_per_version'),
                ),
                migrations.AddConstraint(
                    model_name='signature',
                    constraint=models.UniqueConstraint(fields=('declaration', 'organisation'), name='one_signature_per_org'),
                ),
                migrations.AddConstraint(
                    model_name='meeting',
                    constraint=models.CheckConstraint(condition=models.Q(('renewal__isnull', False), ('alliance__isnull', False), _connector='OR'), name='meeting_has_an_owner'),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
        # Then each table takes this app's name (AlterModelTable renames the many-to-many tables too).
        migrations.AlterModelTable(name='alliance', table=None),
        migrations.AlterModelTable(name='declaration', table=None),
        migrations.AlterModelTable(name='pledge', table=None),
        migrations.AlterModelTable(name='pledgereport', table=None),
        migrations.AlterModelTable(name='signature', table=None),
        migrations.AlterModelTable(name='workinggroup', table=None),
        migrations.AlterModelTable(name='meeting', table=None),
        migrations.AlterModelTable(name='alliancemember', table=None),
    ]

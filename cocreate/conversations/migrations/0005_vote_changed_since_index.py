from django.db import migrations, models


def store_blobs_uncompressed(apps, schema_editor):
    """PostgreSQL compresses large bytea values (pglz) on every write: for a vote-store blob of
    tens of MB that costs seconds and saves little (packed integers), so store it as is."""
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("conversations", "OpinionVoteStore")._meta.db_table
    for column in ("store", "state"):
        schema_editor.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET STORAGE EXTERNAL')


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_admission"),
        ("conversations", "0004_opinion_vote_store"),
    ]

    operations = [
        migrations.AddField(
            model_name="opinionvotestore",
            name="timeline",
            field=models.JSONField(default=dict),
        ),
        migrations.AddIndex(
            model_name="vote",
            index=models.Index(fields=["conversation", "updated_at"], name="vote_changed_since"),
        ),
        migrations.RunPython(store_blobs_uncompressed, migrations.RunPython.noop),
    ]

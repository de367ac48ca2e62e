import numpy as np
from django.db import migrations, models


def voter_groups_out_of_the_json(apps, schema_editor):
    """The group of every voter moves from the snapshot's JSON (parsed by every results page) to
    a compact array read only by the exports."""
    OpinionSnapshot = apps.get_model("conversations", "OpinionSnapshot")
    for snapshot in OpinionSnapshot.objects.all().iterator():
        groups = snapshot.data.pop("voter_groups", None)
        if groups is None:
            continue
        snapshot.voter_groups = np.asarray(groups, dtype="<i2").tobytes()
        snapshot.save(update_fields=["data", "voter_groups"])


def voter_groups_back_into_the_json(apps, schema_editor):
    OpinionSnapshot = apps.get_model("conversations", "OpinionSnapshot")
    for snapshot in OpinionSnapshot.objects.all().iterator():
        snapshot.data["voter_groups"] = np.frombuffer(bytes(snapshot.voter_groups), dtype="<i2").tolist()
        snapshot.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0005_vote_changed_since_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="opinionsnapshot",
            name="voter_groups",
            field=models.BinaryField(default=b""),
        ),
        migrations.RunPython(voter_groups_out_of_the_json, voter_groups_back_into_the_json),
    ]

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def kinds_from_registry(apps, schema_editor):
    """Give the provider rows of existing snapshots their agency kind as the registry has it
    now: the best that can be known of the past; later snapshots store their own."""
    SubjectScore = apps.get_model("scoring", "SubjectScore")
    Provider = apps.get_model("registry", "Provider")
    kind = Provider.objects.filter(pk=OuterRef("subject_id")).values("kind__code")[:1]
    # A provider deleted from the registry since leaves its rows without a kind.
    SubjectScore.objects.filter(level="provider").update(kind=Coalesce(Subquery(kind), Value("")))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
        ("scoring", "0003_subject_score_shortfalls"),
    ]

    operations = [
        migrations.AddField(
            model_name="subjectscore",
            name="kind",
            field=models.CharField(blank=True, max_length=50, verbose_name="agency kind"),
        ),
        # Going back drops the column, so the reverse has nothing to undo.
        migrations.RunPython(kinds_from_registry, migrations.RunPython.noop),
    ]

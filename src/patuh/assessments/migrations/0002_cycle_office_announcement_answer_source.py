"""Cycles belong to an Office (was a free-text name); announcement time; answer source."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify


def names_to_offices(apps, schema_editor):
    """One Office per distinct office name the cycles carried, linked to those cycles."""
    Cycle = apps.get_model("assessments", "Cycle")
    Office = apps.get_model("accounts", "Office")
    for name in (
        Cycle.objects.exclude(office_name="").values_list("office_name", flat=True).distinct()
    ):
        base = slugify(name)[:40] or "office"
        code, number = base, 1
        while Office.objects.filter(code=code).exclude(name=name).exists():
            number += 1
            code = f"{base}-{number}"
        office, _ = Office.objects.get_or_create(code=code, defaults={"name": name})
        Cycle.objects.filter(office_name=name).update(office=office)


def offices_to_names(apps, schema_editor):
    Cycle = apps.get_model("assessments", "Cycle")
    for cycle in Cycle.objects.exclude(office=None).select_related("office"):
        cycle.office_name = cycle.office.name
        cycle.save(update_fields=["office_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_office_and_evaluator_role"),
        ("assessments", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="source",
            field=models.CharField(
                choices=[
                    ("manual", "Entered or imported"),
                    ("fieldwork", "Approved field submission"),
                    ("automatic", "Automatic website check"),
                    ("override", "Overridden by a reviewer"),
                ],
                default="manual",
                max_length=10,
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="cycle",
            name="announce_at",
            field=models.DateTimeField(
                blank=True,
                help_text="From this moment the released results are public. Empty: never public.",
                null=True,
                verbose_name="public announcement",
            ),
        ),
        migrations.RenameField(model_name="cycle", old_name="office", new_name="office_name"),
        migrations.AddField(
            model_name="cycle",
            name="office",
            field=models.ForeignKey(
                blank=True,
                help_text="The office that runs the cycle; only its staff work on it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cycles",
                to="accounts.office",
                verbose_name="office",
            ),
        ),
        migrations.RunPython(names_to_offices, offices_to_names),
        migrations.RemoveField(model_name="cycle", name="office_name"),
    ]

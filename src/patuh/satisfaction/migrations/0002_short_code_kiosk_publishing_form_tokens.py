"""Limits that follow abuse instead of addresses: form tokens replace the per-client marks.

Also a short code per survey (typed at /s/), kiosk mode and the publication of results. Existing
surveys get a code each, drawn one by one so they differ.
"""

from django.db import migrations, models

import patuh.satisfaction.models


def give_each_survey_a_code(apps, schema_editor):
    Survey = apps.get_model("satisfaction", "Survey")
    taken: set[str] = set()
    for survey in Survey.objects.all():
        code = patuh.satisfaction.models.draw_short_code()
        while code in taken:
            code = patuh.satisfaction.models.draw_short_code()
        taken.add(code)
        survey.short_code = code
        survey.save(update_fields=["short_code"])


class Migration(migrations.Migration):
    dependencies = [("satisfaction", "0001_surveys_and_responses")]

    operations = [
        migrations.DeleteModel(name="Submission"),
        migrations.AddField(
            model_name="survey",
            name="short_code",
            field=models.CharField(max_length=6, null=True, verbose_name="short code"),
        ),
        # Reversed, the column is dropped with its codes: nothing to undo here.
        migrations.RunPython(give_each_survey_a_code, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="survey",
            name="short_code",
            field=models.CharField(
                default=patuh.satisfaction.models.new_short_code,
                max_length=6,
                unique=True,
                verbose_name="short code",
            ),
        ),
        migrations.AddField(
            model_name="survey",
            name="kiosk",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "For a tablet at the counter: after each response the form resets for the"
                    " next person."
                ),
                verbose_name="kiosk mode",
            ),
        ),
        migrations.AddField(
            model_name="survey",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="results published at"),
        ),
        migrations.AddField(
            model_name="response",
            name="token",
            field=models.UUIDField(
                blank=True, editable=False, null=True, unique=True, verbose_name="form token"
            ),
        ),
    ]

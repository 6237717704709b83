"""Photos stored before a missing capture time or location (or a unit without a registered
location) asked for the reviewer's attention: flag them as they would be flagged now."""

from django.conf import settings
from django.db import migrations

UNCHECKED = {"no_time", "no_position", "no_unit_position"}
SERIOUS = {"outside_window", "too_far"}


def flag_unchecked(apps, schema_editor):
    Evidence = apps.get_model("fieldwork", "Evidence")
    for evidence in Evidence.objects.filter(
        latitude__isnull=False, assignment__unit__latitude__isnull=True
    ):
        evidence.flags = [*evidence.flags, "no_unit_position"]
        evidence.save(update_fields=["flags"])
    if settings.PATUH_EVIDENCE_FLAG_MISSING_METADATA:
        unchecked = [
            pk
            for pk, flags in Evidence.objects.filter(attention=False).values_list("pk", "flags")
            if UNCHECKED & set(flags)
        ]
        Evidence.objects.filter(pk__in=unchecked).update(attention=True)


def unflag_unchecked(apps, schema_editor):
    Evidence = apps.get_model("fieldwork", "Evidence")
    for evidence in Evidence.objects.all():
        flags = [flag for flag in evidence.flags if flag != "no_unit_position"]
        attention = bool(SERIOUS & set(flags))
        if (flags, attention) != (evidence.flags, evidence.attention):
            evidence.flags, evidence.attention = flags, attention
            evidence.save(update_fields=["flags", "attention"])


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0001_visits_submissions_evidence_reviews")]

    operations = [migrations.RunPython(flag_unchecked, unflag_unchecked)]

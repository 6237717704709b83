"""Self-assessment evidence takes the fields every piece of evidence has
(patuh.evidence.models.EvidenceFile): flags, empty for what is stored already, and the same
labels for who uploaded it and when."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pekppp", "0001_self_assessment_evidence_evaluation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="flags",
            field=models.JSONField(blank=True, default=list, verbose_name="flags"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="uploaded_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="uploaded at"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="uploaded_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="uploaded by",
            ),
        ),
    ]

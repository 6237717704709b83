"""Photos take the fields every piece of evidence has (patuh.evidence.models.EvidenceFile): the
original becomes `file` (the column is renamed, so stored names stay), every stored photo is of
kind "image", and the file fields may be blank for other kinds, which a constraint keeps out of
this table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("fieldwork", "0002_flag_photos_that_cannot_be_checked"),
    ]

    operations = [
        migrations.RenameField(model_name="evidence", old_name="original", new_name="file"),
        migrations.AlterField(
            model_name="evidence",
            name="file",
            field=models.FileField(blank=True, max_length=300, upload_to="", verbose_name="file"),
        ),
        migrations.AddField(
            model_name="evidence",
            name="kind",
            field=models.CharField(
                choices=[
                    ("document", "Document (PDF)"),
                    ("image", "Image"),
                    ("link", "Link"),
                    ("survey", "Satisfaction survey"),
                ],
                # Every photo stored so far is an image.
                default="image",
                max_length=10,
                verbose_name="kind",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="evidence",
            name="display",
            field=models.FileField(
                blank=True, max_length=300, upload_to="", verbose_name="display copy"
            ),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="thumbnail",
            field=models.FileField(
                blank=True, max_length=300, upload_to="", verbose_name="thumbnail"
            ),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="SHA-256"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="content_type",
            field=models.CharField(blank=True, max_length=30, verbose_name="content type"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="size",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="bytes"),
        ),
        migrations.AddConstraint(
            model_name="evidence",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind", "image"), ("size__isnull", False)),
                name="evidence_photo_is_an_image",
            ),
        ),
    ]

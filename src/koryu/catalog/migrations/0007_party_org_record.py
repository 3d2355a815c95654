"""The index that answers "which records share this record's organizations, and how many"
(the related records of every record page) without reading the party rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_postgres_name_lookup"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="party",
            index=models.Index(fields=["organization", "record"], name="party_org_record"),
        ),
    ]

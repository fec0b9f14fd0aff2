from django.db import migrations, models


class Migration(migrations.Migration):
    """One version number per thing pages show, in place of the one for all content."""

    dependencies = [
        ("articles", "0011_publishing_workflow"),
    ]

    operations = [
        migrations.CreateModel(
            name="CacheTag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True)),
                ("version", models.PositiveBigIntegerField(default=0)),
            ],
            options={"verbose_name": "page cache tag"},
        ),
        migrations.DeleteModel(name="ContentVersion"),
    ]

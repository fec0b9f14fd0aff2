from django.db import migrations


class Migration(migrations.Migration):
    """Search indexes (filled in by the search feature)."""

    dependencies = [("articles", "0005_trust_and_workflow_fields")]

    operations = []

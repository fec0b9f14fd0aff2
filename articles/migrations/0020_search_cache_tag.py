"""Search results are cached under the page cache's ``search`` tag (``CacheTag``), which the
index raises with every entry it writes: one versioning mechanism instead of two."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_glossary_marking")]

    operations = [migrations.DeleteModel(name="SearchVersion")]

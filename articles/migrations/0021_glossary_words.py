"""Articles keep the list of the words they mark, with their definitions, for the printout.

The lists are empty until the articles are rendered again (``manage.py render_content``).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0020_search_cache_tag'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='glossary_words',
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='glossary_words_de',
            field=models.JSONField(blank=True, default=list, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='article',
            name='glossary_words_en',
            field=models.JSONField(blank=True, default=list, editable=False, null=True),
        ),
    ]

"""Glossary terms can be explained in the glossary only; articles keep their number of marks.

Existing terms stay marked, as before. The mark counts are empty until the articles are rendered
again (``manage.py render_content``), which also applies the new marking rules.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_source_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="glossary_marks",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, verbose_name="glossary marks"
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="glossary_marks_de",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, verbose_name="glossary marks"
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="glossary_marks_en",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, verbose_name="glossary marks"
            ),
        ),
        migrations.AddField(
            model_name="glossaryterm",
            name="marking",
            field=models.CharField(
                choices=[
                    ("mark", "Mark it in articles"),
                    ("glossary-only", "Explain it in the glossary only"),
                ],
                default="mark",
                help_text="Mark it: where a page first uses the word, readers can open its short definition there. Glossary only: for words every reader of this site knows (breast cancer, metastasis, operation) and names an article need not explain where it lists them (medicines named as examples). They stay in the glossary and in search, but are not marked, so that the marks that remain stand out.",
                max_length=16,
                verbose_name="in articles",
            ),
        ),
    ]

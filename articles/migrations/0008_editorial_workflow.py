"""The editors' workflow: a readability figure per language, and change notes for editors.

Editors keep an article's change notes ("What changed") as part of the article, so the
Editors group gets their permissions too. Like 0004, this only adds what is missing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

CHANGE_NOTE_PERMISSIONS = [
    f"{action}_articlechange" for action in ("add", "change", "delete", "view")
]


def let_editors_keep_change_notes(apps, schema_editor):
    # Permissions are normally created after all migrations ran; this one needs them now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _created = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles", codename__in=CHANGE_NOTE_PERMISSIONS
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0007_content_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="reading_ease",
            field=models.FloatField(
                blank=True, editable=False, null=True, verbose_name="readability"
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="reading_ease_de",
            field=models.FloatField(
                blank=True, editable=False, null=True, verbose_name="readability"
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="reading_ease_en",
            field=models.FloatField(
                blank=True, editable=False, null=True, verbose_name="readability"
            ),
        ),
        migrations.RunPython(let_editors_keep_change_notes, migrations.RunPython.noop),
    ]

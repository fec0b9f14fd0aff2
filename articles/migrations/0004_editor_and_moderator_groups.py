"""The "Editors" and "Moderators" groups.

Editors keep articles, topics, sources and the glossary; they get no permission on feedback.
Moderators read and triage feedback and nothing else. Running this again (or after a group was
edited) only adds what is missing; it never removes a permission someone granted by hand.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
MODERATORS = "Moderators"
EDITOR_MODELS = ("article", "topic", "source", "glossaryterm")
EDITOR_ACTIONS = ("add", "change", "delete", "view")
MODERATOR_ACTIONS = ("view", "change", "delete")


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(models, actions):
        codenames = [f"{action}_{model}" for model in models for action in actions]
        found = Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
        missing = set(codenames) - set(found.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing: {sorted(missing)}")
        return found

    editors, _created = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*permissions(EDITOR_MODELS, EDITOR_ACTIONS))
    moderators, _created = Group.objects.get_or_create(name=MODERATORS)
    moderators.permissions.add(*permissions(("feedback",), MODERATOR_ACTIONS))


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0003_feedback"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]

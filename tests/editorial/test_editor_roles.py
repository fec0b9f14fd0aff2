"""Editors keep the content, moderators the feedback; `make run` gives a newcomer both roles."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Feedback


def codenames(group_name: str) -> set[str]:
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_editors_may_keep_articles_sources_change_notes_topics_and_the_glossary(db):
    granted = codenames("Editors")

    for model in ("article", "source", "articlechange", "topic", "glossaryterm"):
        for action in ("add", "change", "delete", "view"):
            assert f"{action}_{model}" in granted
    assert not {name for name in granted if name.endswith("_feedback")}


def test_moderators_may_only_handle_feedback(db):
    assert codenames("Moderators") == {"view_feedback", "change_feedback", "delete_feedback"}


def test_an_editor_works_on_articles_but_never_sees_feedback(client, editor, article):
    Feedback.objects.create(
        article=article,
        language="de",
        article_updated_on=article.updated_on,
        rating=3,
        comment="Vertraulich.",
    )
    client.force_login(editor)
    base = f"/admin/articles/article/{article.pk}"

    for url in (f"{base}/change/", f"{base}/history/", f"{base}/preview/de/", f"{base}/review/"):
        assert client.get(url, follow=True).status_code == 200, url
    assert client.get("/admin/articles/feedback/").status_code == 403


def test_a_moderator_cannot_edit_preview_or_revert_articles(client, moderator, article):
    client.force_login(moderator)
    base = f"/admin/articles/article/{article.pk}"

    for url in (f"{base}/change/", f"{base}/history/", f"{base}/preview/de/", f"{base}/review/"):
        assert client.get(url).status_code == 403, url
    response = client.post("/admin/articles/article/", {
        "action": "unpublish_selected", "_selected_action": [article.pk],
    })  # fmt: skip
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.is_published


def run(command: str) -> str:
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_dev_accounts_are_made_with_their_roles_and_a_random_password_shown_once(db, settings):
    settings.DEBUG = True

    output = run("create_dev_accounts")

    passwords = dict(re.findall(r"^(\w+) \(\w+\): password (\S+)$", output, re.MULTILINE))
    assert set(passwords) == {"editor", "publisher", "moderator"}
    assert len(set(passwords.values())) == 3
    roles = (("editor", "Editors"), ("publisher", "Publishers"), ("moderator", "Moderators"))
    for username, group in roles:
        user = get_user_model().objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.check_password(passwords[username])
        assert len(passwords[username]) >= 16


def test_running_it_again_keeps_the_accounts_and_their_passwords(db, settings):
    settings.DEBUG = True
    first = run("create_dev_accounts")
    password = re.search(r"^editor \(Editors\): password (\S+)$", first, re.MULTILINE).group(1)

    second = run("create_dev_accounts")

    assert "password" not in second.replace("password is unchanged", "").replace(
        "Passwords are shown", ""
    )
    assert "editor: exists already; its password is unchanged." in second
    assert get_user_model().objects.get(username="editor").check_password(password)
    assert get_user_model().objects.filter(username__in=["editor", "moderator"]).count() == 2


def test_it_refuses_to_run_in_production(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        run("create_dev_accounts")

    assert not get_user_model().objects.filter(username__in=["editor", "moderator"]).exists()


def test_make_run_creates_them_after_importing_the_content():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]

    assert recipe.index("import_content") < recipe.index("create_dev_accounts")
    assert recipe.index("create_dev_accounts") < recipe.index("runserver")

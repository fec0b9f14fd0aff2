"""Editors keep the content, moderators the feedback; `make run` gives a newcomer both roles."""

import io
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

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


ACCOUNT_LINE = re.compile(r"^(\w+) \(([\w ]+)\): password (\S+)$", re.MULTILINE)


def test_dev_accounts_are_made_with_their_roles_and_a_random_password_shown_once(db, settings):
    settings.DEVELOPMENT_DATA = True

    output = run("create_dev_accounts")

    accounts = {name: (group, password) for name, group, password in ACCOUNT_LINE.findall(output)}
    assert set(accounts) == {"editor", "publisher", "moderator", "reviewer"}
    assert len({password for _group, password in accounts.values()}) == 4
    for username, (group, password) in accounts.items():
        user = get_user_model().objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.check_password(password)
        assert len(password) >= 16
    assert accounts["reviewer"][0] == "Medical reviewers"


def test_the_reviewer_account_is_the_marked_development_reviewer(db, settings):
    settings.DEVELOPMENT_DATA = True

    output = run("create_dev_accounts")

    profile = get_user_model().objects.get(username="reviewer").reviewer_profile
    assert profile.is_development_account
    assert profile.name == "Entwicklungskonto / development account"
    assert profile.qualification == "keine medizinische Prüfung / not medically checked"
    assert "reviewer is the development reviewer" in output


def test_a_reviewer_account_the_import_made_gets_a_password_to_log_in_with(db, settings):
    settings.DEVELOPMENT_DATA = True
    call_command("import_content", verbosity=0)
    assert not get_user_model().objects.get(username="reviewer").has_usable_password()

    output = run("create_dev_accounts")

    (password,) = [p for name, _g, p in ACCOUNT_LINE.findall(output) if name == "reviewer"]
    assert get_user_model().objects.get(username="reviewer").check_password(password)


def test_running_it_again_keeps_the_accounts_and_their_passwords(db, settings):
    settings.DEVELOPMENT_DATA = True
    first = run("create_dev_accounts")
    passwords = {name: password for name, _group, password in ACCOUNT_LINE.findall(first)}

    second = run("create_dev_accounts")

    assert ACCOUNT_LINE.findall(second) == []
    for username in ("editor", "reviewer"):
        assert f"{username}: exists already; its password is unchanged." in second
        user = get_user_model().objects.get(username=username)
        assert user.check_password(passwords[username])
    assert get_user_model().objects.filter(username__in=["editor", "moderator"]).count() == 2


def test_make_run_creates_them_before_importing_the_content():
    # The import's articles are approved by the reviewer account, which then has a password.
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]

    assert recipe.index("migrate") < recipe.index("create_dev_accounts")
    assert recipe.index("create_dev_accounts") < recipe.index("import_content")
    assert recipe.index("import_content") < recipe.index("runserver")

"""Feedback is seen only by moderators: never on a public page, in a cache, a log or the history."""

import importlib
import logging

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory
from django.utils.translation import override

from articles.feedback.views import feedback as feedback_view
from articles.models import Feedback
from tests.conftest import SAME_ORIGIN

COMMENT = "Vertraulich: meine Schwester hat seit Mai Knochenschmerzen."
NAME = "Paula Privat"
EMAIL = "paula.privat@example.org"
ARTICLE = "/de/artikel/knochenmetastasen-verstehen/"
FORM = ARTICLE + "kommentar/"
THANKS = FORM + "danke/"


@pytest.fixture
def feedback(article):
    return Feedback.objects.create(
        article=article,
        language="de",
        article_updated_on=article.updated_on,
        rating=2,
        comment=COMMENT,
        name=NAME,
        email=EMAIL,
    )


def admin_urls(feedback) -> list[str]:
    base = "/admin/articles/feedback/"
    return [
        base,
        f"{base}?q=Schwester",
        f"{base}{feedback.pk}/change/",
        f"{base}{feedback.pk}/history/",
        f"{base}{feedback.pk}/delete/",
        f"{base}export/",
    ]


def reveals_feedback(response) -> bool:
    content = response.content.decode(errors="replace")
    return any(secret in content for secret in (COMMENT, NAME, EMAIL, "Schwester"))


# Who may see it


def test_an_anonymous_visitor_is_sent_to_the_login_for_every_feedback_page(client, feedback):
    for url in admin_urls(feedback):
        response = client.get(url)

        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_an_editor_is_refused_every_feedback_page(client, editor, feedback):
    client.force_login(editor)

    for url in admin_urls(feedback):
        response = client.get(url)

        assert response.status_code == 403, url
        assert not reveals_feedback(response), url


def test_an_editor_cannot_change_feedback_or_run_its_actions(client, editor, feedback):
    client.force_login(editor)

    change = client.post(
        f"/admin/articles/feedback/{feedback.pk}/change/", {"status": "done", "internal_note": "x"}
    )
    action = client.post(
        "/admin/articles/feedback/", {"action": "mark_done", "_selected_action": [feedback.pk]}
    )

    assert (change.status_code, action.status_code) == (403, 403)
    feedback.refresh_from_db()
    assert (feedback.status, feedback.internal_note) == (Feedback.Status.NEW, "")


def test_an_editor_does_not_see_feedback_in_the_admin_index(client, editor, feedback):
    client.force_login(editor)

    page = client.get("/admin/").content.decode()

    assert "/admin/articles/article/" in page
    assert "/admin/articles/feedback/" not in page


@pytest.mark.parametrize("lookup", ["feedback", "feedback__exact", "feedback__in", "feedback__gt"])
def test_an_editor_cannot_find_out_through_the_article_list_which_article_feedback_is_about(
    client, editor, feedback, make_article, lookup
):
    make_article(key="other", slug_de="anderer", slug_en="other", title_de="Anderer Artikel")
    client.force_login(editor)

    response = client.get(f"/admin/articles/article/?{lookup}={feedback.pk}")

    # Refused like any lookup the admin does not allow.
    assert response.status_code == 400


def test_a_superuser_who_may_read_feedback_may_filter_articles_by_it(client, feedback, admin_user):
    client.force_login(admin_user)
    response = client.get(f"/admin/articles/article/?feedback={feedback.pk}")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_a_moderator_sees_every_feedback_page(client, moderator, feedback):
    client.force_login(moderator)

    for url in admin_urls(feedback):
        assert client.get(url).status_code == 200, url
    for url in admin_urls(feedback)[:3] + admin_urls(feedback)[-1:]:
        assert reveals_feedback(client.get(url)), url


def test_a_moderator_sees_no_articles_or_glossary_in_the_admin(client, moderator):
    client.force_login(moderator)

    page = client.get("/admin/").content.decode()

    assert "/admin/articles/feedback/" in page
    assert "/admin/articles/article/" not in page
    assert client.get("/admin/articles/article/").status_code == 403


def test_nobody_can_add_feedback_in_the_admin(client, moderator, admin_user):
    for user in (moderator, admin_user):
        client.force_login(user)

        assert client.get("/admin/articles/feedback/add/").status_code == 403


def test_the_groups_are_created_with_exactly_their_permissions(db):
    editors = Group.objects.get(name="Editors")
    moderators = Group.objects.get(name="Moderators")

    editor_models = {p.content_type.model for p in editors.permissions.all()}
    # Change notes since 0008_editorial_workflow: editors keep them as part of the article.
    assert editor_models == {"article", "topic", "source", "articlechange", "glossaryterm"}
    assert {p.codename for p in moderators.permissions.all()} == {
        "view_feedback",
        "change_feedback",
        "delete_feedback",
    }
    assert not editors.permissions.filter(codename="publish_article").exists()


def test_reviewers_and_publishers_get_exactly_their_permissions_and_no_feedback(db):
    reading = {"view_article", "view_source", "view_articlechange", "view_topic"}
    reading.add("view_glossaryterm")

    def codenames(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    assert codenames("Medical reviewers") == {"review_article", *reading}
    assert codenames("Publishers") == {"publish_article", "change_article", *reading}


def test_creating_the_groups_again_changes_nothing(db):
    migration = importlib.import_module("articles.migrations.0004_editor_and_moderator_groups")
    state = MigrationExecutor(connection).loader.project_state(
        ("articles", "0004_editor_and_moderator_groups")
    )
    before = {g.name: set(g.permissions.all()) for g in Group.objects.all()}

    migration.create_groups(state.apps, None)
    migration.create_groups(state.apps, None)

    assert {g.name: set(g.permissions.all()) for g in Group.objects.all()} == before


# Public pages


@pytest.mark.parametrize("user", [None, "editor", "moderator"])
def test_the_article_and_the_confirmation_never_show_feedback(client, request, feedback, user):
    if user:
        client.force_login(request.getfixturevalue(user))

    for url in (ARTICLE, FORM, THANKS, "/en/articles/understanding-bone-metastases/"):
        response = client.get(url)

        assert response.status_code == 200, url
        assert not reveals_feedback(response), url


def test_feedback_just_sent_is_not_shown_back(client, article, send_feedback):
    response = send_feedback(comment=COMMENT, name=NAME, email=EMAIL)
    confirmation = client.get(response["Location"])

    assert not reveals_feedback(confirmation)
    assert not reveals_feedback(client.get(ARTICLE))


# Not in a cache


def test_every_feedback_response_forbids_storing_it(client, article, send_feedback):
    responses = {
        "form": client.get(FORM),
        "errors": send_feedback(comment=""),
        "sent": send_feedback(),
        "confirmation": client.get(THANKS),
    }

    for name, response in responses.items():
        assert "no-store" in response["Cache-Control"], name
        assert "private" in response["Cache-Control"], name


def test_the_csv_export_forbids_storing_it(client, moderator, feedback):
    client.force_login(moderator)

    assert "no-store" in client.get("/admin/articles/feedback/export/")["Cache-Control"]


@pytest.mark.parametrize("url", [ARTICLE, "/en/articles/understanding-bone-metastases/"])
def test_the_article_page_with_its_form_sets_no_cookie_and_does_not_vary_by_cookie(
    client, article, url
):
    response = client.get(url)

    assert response.status_code == 200
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers
    assert "cookie" not in response.headers.get("Vary", "").lower()
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert b"csrfmiddlewaretoken" not in response.content


# Not in the history or a log


def test_feedback_is_named_only_by_its_number(feedback):
    with override("en"):
        assert str(feedback) == f"Feedback #{feedback.pk}"
    with override("de"):
        assert str(feedback) == f"Rückmeldung #{feedback.pk}"


def test_the_admin_history_names_feedback_without_its_text(client, moderator, feedback):
    client.force_login(moderator)

    client.post(
        f"/admin/articles/feedback/{feedback.pk}/change/",
        {"status": "in_review", "priority": "", "assignee": "", "internal_note": "Rückruf"},
    )
    client.post(
        "/admin/articles/feedback/", {"action": "mark_done", "_selected_action": [feedback.pk]}
    )
    client.post(
        "/admin/articles/feedback/",
        {"action": "delete_selected", "_selected_action": [feedback.pk], "post": "yes"},
    )

    entries = LogEntry.objects.filter(content_type__model="feedback")
    assert entries.count() == 3
    for entry in entries:
        # The admin speaks the moderator's language: German here.
        assert entry.object_repr == f"Rückmeldung #{feedback.pk}"
        for secret in (COMMENT, NAME, EMAIL, "Rückruf"):
            assert secret not in entry.object_repr
            assert secret not in entry.change_message


def test_nothing_a_reader_typed_reaches_the_log(article, send_feedback, caplog):
    with caplog.at_level(logging.DEBUG):
        send_feedback(comment=COMMENT, name=NAME, email=EMAIL, remote_addr="203.0.113.99")
        send_feedback(comment=COMMENT, name=NAME, email="not an address")
        send_feedback(comment=COMMENT * 2000)

    for secret in (COMMENT, NAME, EMAIL, "203.0.113.99", "not an address"):
        assert secret not in caplog.text


def test_error_reports_leave_out_every_field_sent(article):
    request = RequestFactory().post(FORM, {"comment": COMMENT}, headers=SAME_ORIGIN)

    feedback_view(request, slug=article.slug_de)

    assert request.sensitive_post_parameters == "__ALL__"


# Only from this site


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "none"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://testserver.evil.example"},
        {"Origin": "https://testserver"},
    ],
    ids=lambda headers: " ".join(f"{k}={v}" for k, v in headers.items()) or "no-headers",
)
def test_a_form_sent_from_another_site_is_refused(article, send_feedback, headers):
    response = send_feedback(headers=headers)

    assert response.status_code == 403
    assert "nicht von einer Seite dieser Website gesendet" in response.content.decode()
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
        {"Origin": "http://testserver"},
    ],
    ids=["fetch-metadata", "both", "origin-only"],
)
def test_a_form_sent_from_this_site_is_accepted(article, send_feedback, headers):
    response = send_feedback(headers=headers)

    assert response.status_code == 303
    assert Feedback.objects.count() == 1


def test_a_trusted_origin_is_accepted_where_the_browser_sends_no_fetch_metadata(
    article, send_feedback, settings
):
    settings.CSRF_TRUSTED_ORIGINS = ["https://healthinfo.example"]

    response = send_feedback(headers={"Origin": "https://healthinfo.example"})

    assert response.status_code == 303


def test_the_refusal_is_in_english_on_the_english_site(article, send_feedback):
    response = send_feedback(language="en", headers={"Sec-Fetch-Site": "cross-site"})

    assert response.status_code == 403
    assert "was not sent from a page of this website" in response.content.decode()

"""Editors work in the admin with German and English side by side, with no third-party files."""

import re

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "x" * 16)
    client.force_login(user)
    return client


EDITING_FORMS = [
    "/admin/articles/article/add/",
    "/admin/articles/topic/add/",
    "/admin/articles/glossaryterm/add/",
]


@pytest.mark.parametrize("url", EDITING_FORMS)
def test_the_editing_form_loads_every_script_and_style_from_our_own_server(editor_client, url):
    html = editor_client.get(url).content.decode()
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets
    assert [a for a in assets if not a.startswith("/")] == []
    assert [a for a in assets if a.startswith("//")] == []


def test_the_topic_form_takes_its_language_tabs_from_our_own_server(editor_client):
    html = editor_client.get("/admin/articles/topic/add/").content.decode()
    assert re.search(r'<script src="/static/vendor/jquery-ui/[^"]+"', html)
    assert "tabbed_translation_fields" in html


@pytest.mark.parametrize("url", [EDITING_FORMS[0], EDITING_FORMS[2]])
def test_the_article_and_term_forms_show_both_languages_without_tabs(editor_client, url):
    html = editor_client.get(url).content.decode()
    assert "tabbed_translation_fields" not in html
    assert '<script src="/static/js/admin-change-form.js"' in html


def test_the_article_form_has_a_field_per_language(editor_client):
    html = editor_client.get("/admin/articles/article/add/").content.decode()
    for field in ("title", "slug", "summary", "body", "description", "image_alt"):
        assert f'name="{field}_de"' in html
        assert f'name="{field}_en"' in html


def test_the_admin_is_not_language_prefixed(client, db):
    assert client.get("/admin/").status_code == 302
    assert client.get("/de/admin/").status_code == 404
